using System.Globalization;
using BotHub.Admin.Features.Compose;
using BotHub.Admin.Features.Provider;
using BotHub.Admin.Features.Recipients;
using BotHub.Admin.Resources;
using Microsoft.Extensions.Localization;

namespace BotHub.Admin.Features.Channels;

/// <summary>How the keys page words refusals, times and provider errors, in the page's language.</summary>
public static class ChannelText
{
    public static string Error(IStringLocalizer<Strings> l, ChannelError error, string? detail = null)
    {
        ArgumentNullException.ThrowIfNull(l);
        var text = l[$"Channels.Error.{error}"].Value;
        if (error == ChannelError.InvalidPhone && ChannelEditor.PhoneProblemOf(detail) is var (problem, code))
        {
            // The phone's own reason says it all, in the page's language: "Not a phone number: too few digits".
            return PhoneText.Problem(l, problem, code);
        }

        return string.IsNullOrEmpty(detail) ? text : $"{text} ({detail})";
    }

    public static string Error(IStringLocalizer<Strings> l, ChannelResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return Error(l, result.Error ?? ChannelError.NotFound, result.Detail);
    }
}
