using System.Globalization;
using BotHub.Admin.Resources;
using Microsoft.Extensions.Localization;

namespace BotHub.Admin.Features.Provider;

/// <summary>
/// A provider error as people read it, in the page's language: what happened and what to do, then the code in brackets
/// ("The message is empty: write its text (41015)"), and whether retrying can help, from the catalogue's class.
/// </summary>
public static class ErrorText
{
    /// <summary>The plain sentence alone, without the code.</summary>
    public static string Sentence(IStringLocalizer<Strings> l, int code)
    {
        ArgumentNullException.ThrowIfNull(l);
        var text = l[$"Error.{code.ToString(CultureInfo.InvariantCulture)}"];
        return text.ResourceNotFound ? l["Error.Unknown"].Value : text.Value;
    }

    /// <summary>"The provider refused the channel's API key: add a working key on the API keys page (10002)".</summary>
    public static string Plain(IStringLocalizer<Strings> l, int code) => WithCode(l, Sentence(l, code), code);

    /// <summary>Any sentence with the provider's code after it, bracketed as the page's language does.</summary>
    public static string WithCode(IStringLocalizer<Strings> l, string sentence, int code)
    {
        ArgumentNullException.ThrowIfNull(l);
        return l["Error.WithCode", sentence, code.ToString(CultureInfo.InvariantCulture)].Value;
    }

    /// <summary>Whether sending the same message again can help, in words.</summary>
    public static string Retry(IStringLocalizer<Strings> l, ErrorClass kind)
    {
        ArgumentNullException.ThrowIfNull(l);
        return l[$"Retry.{kind}"].Value;
    }

    public static string Retry(IStringLocalizer<Strings> l, int code) => Retry(l, ErrorCatalogue.Find(code).Class);

    /// <summary>
    /// The provider's own message when it adds something: null when empty or when it only repeats the catalogue's text
    /// (the sandbox and often the provider answer "invalid parameter" for 10100, which the plain sentence already says).
    /// </summary>
    public static string? ProviderAddition(int code, string? providerMessage)
    {
        var said = providerMessage?.Trim();
        if (string.IsNullOrEmpty(said))
        {
            return null;
        }

        var info = ErrorCatalogue.Find(code);
        return Repeats(said, info.English) || Repeats(said, info.Chinese)
            || said.Contains(info.English + " (" + info.Chinese + ")", StringComparison.OrdinalIgnoreCase) ? null : said;
    }

    private static bool Repeats(string said, string text) =>
        string.Equals(said, text, StringComparison.OrdinalIgnoreCase)
        || string.Equals(said, $"{text} (sandbox fault)", StringComparison.OrdinalIgnoreCase);
}
