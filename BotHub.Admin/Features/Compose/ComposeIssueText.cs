using System.Globalization;
using BotHub.Admin.Features.Provider;
using BotHub.Admin.Resources;
using Microsoft.Extensions.Localization;

namespace BotHub.Admin.Features.Compose;

/// <summary>An issue as the composer shows it: the provider's code beside its text, in the page's language.</summary>
public static class ComposeIssueText
{
    public static string For(IStringLocalizer<Strings> l, ComposeIssue issue)
    {
        ArgumentNullException.ThrowIfNull(l);
        ArgumentNullException.ThrowIfNull(issue);
        if (issue.Provider is not { } p)
        {
            return issue.UnknownToken switch
            {
                "{{" => l["Compose.Issue.Unclosed"],
                "}}" => l["Compose.Issue.Unopened"],
                var token => l["Compose.Issue.UnknownVariable", token ?? "", "{{name}}, {{phone}}, {{attr:KEY}}"],
            };
        }

        // 10100 is "invalid parameter" for many reasons: say which, in the page's language.
        var text = p.Code == 10100 ? l[$"Compose.Issue.Invalid.{issue.Field}"].Value : Decoded(p.Info);
        return string.Create(CultureInfo.InvariantCulture, $"{p.Code} {text}");
    }

    /// <summary>The catalogue's text in the UI language (the provider's own Chinese for zh).</summary>
    public static string Decoded(ErrorInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        return CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "zh" ? info.Chinese : info.English;
    }
}
