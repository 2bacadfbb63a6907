using System.Globalization;
using BotHub.Admin.Features.Provider;
using BotHub.Admin.Resources;
using Microsoft.Extensions.Localization;

namespace BotHub.Admin.Features.Compose;

/// <summary>
/// An issue as the composer shows it, in the page's language: what is wrong and what to do, then the provider's code in
/// brackets ("GIF isn't supported for images: use JPG or PNG (41022)").
/// </summary>
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

        var text = issue.Unsupported is { } ext ? l[$"Compose.Issue.Unsupported.{TypeOf(p.Field)}", ext.ToUpperInvariant()].Value
            // 10100 is "invalid parameter" for many reasons: say which.
            : p.Code == 10100 ? l[$"Compose.Issue.Invalid.{issue.Field}"].Value
            : ErrorText.Sentence(l, p.Code);
        return ErrorText.WithCode(l, text, p.Code);
    }

    /// <summary>The catalogue's short text in the UI language (the provider's own Chinese for zh), for the code filter.</summary>
    public static string Decoded(ErrorInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        return CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "zh" ? info.Chinese : info.English;
    }

    private static string TypeOf(string providerField) => providerField.Split('.')[0];
}
