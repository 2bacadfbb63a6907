using Microsoft.Extensions.Localization;
using PhoneNumbers;
using BotHub.Admin.Features.Sending;
using BotHub.Admin.Features.Compose;

namespace BotHub.Admin.Features.Broadcasts.Live;

/// <summary>Why a test send made nothing, said of its number in the page's language ("… has not written to this channel today").</summary>
public static class TestSendText
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    public static string Refusal(IStringLocalizer l, CreateResult result, string phone)
    {
        ArgumentNullException.ThrowIfNull(l);
        ArgumentNullException.ThrowIfNull(result);
        if (result.Error != CreateError.NobodyToSend)
        {
            return l[$"Compose.CreateError.{result.Error}"];
        }

        var number = Readable(phone);
        return result.Reason switch
        {
            ExclusionReason.NoMessageToday or ExclusionReason.OptedOut or ExclusionReason.NotOptedIn or ExclusionReason.InvalidNumber
                or ExclusionReason.NotARecipient or ExclusionReason.MissingVariable or ExclusionReason.MessageInvalid
                => l[$"TestSend.Refused.{result.Reason}", number],
            _ => l["TestSend.Refused.Other", number],
        };
    }

    /// <summary>An E.164 number grouped as people write it (+86 139 0000 1111); anything else as it was typed.</summary>
    public static string Readable(string phone)
    {
        try
        {
            var parsed = Util.Parse(phone, null);
            return Util.IsValidNumber(parsed) ? Util.Format(parsed, PhoneNumberFormat.INTERNATIONAL) : phone;
        }
        catch (NumberParseException)
        {
            return phone;
        }
    }
}
