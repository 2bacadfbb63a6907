using BotHub.Admin.Features.Provider;

namespace BotHub.Admin.Features.Compose;

/// <summary>One thing wrong with a message being composed: a provider code it would get, or a variable it cannot fill.</summary>
/// <param name="Field">The composer's field: source, type, body, url, caption or extension.</param>
/// <param name="Unsupported">The extension a media URL ends with that the type does not take ("gif" for an image): the URL
/// is what to fix, not the empty extension the provider would name.</param>
public sealed record ComposeIssue(string Field, ValidationIssue? Provider, string? UnknownToken = null, string? Unsupported = null);

/// <summary>
/// The gateway's own message validation (<see cref="MessageRules"/>) applied to what is being composed, plus the variables'
/// syntax. An empty list means the provider would accept the message; a non-empty one keeps "Send" disabled.
/// </summary>
public static class ComposeRules
{
    // The recipient, id and timestamp come at send time; stand-ins let the message's own fields be checked now.
    private const string SampleTo = "+10000000000";

    public static IReadOnlyList<ComposeIssue> Validate(ComposedMessage message, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(message);
        var issues = MessageRules.Validate(message.ToRequest("compose", SampleTo, now, message.Template))
            .Select(i => UnsupportedExtension(message, i) is { } ext ? new ComposeIssue("url", i, Unsupported: ext) : new ComposeIssue(FieldOf(i.Field), i))
            .ToList();
        issues.AddRange(MessageVariables.Unknown(message.Template)
            .Select(token => new ComposeIssue(message.IsMedia ? "caption" : "body", null, token)));
        return issues;
    }

    /// <summary>
    /// What filling in variables can break in a message already valid as written: the text field left empty or made too
    /// long. The same codes as <see cref="MessageRules"/>, without building a request per recipient.
    /// </summary>
    public static ValidationIssue? RenderedTextIssue(ComposedMessage message, string? text)
    {
        ArgumentNullException.ThrowIfNull(message);
        var (field, missingCode, max) = message.Type switch
        {
            "image" => ("image.caption", 41019, MessageRules.MaxCaptionLength),
            "document" => ("document.caption", 41016, MessageRules.MaxCaptionLength),
            "audio" => ("audio.caption", 41023, MessageRules.MaxCaptionLength),
            _ => ("text.body", 41015, MessageRules.MaxBodyLength),
        };
        return string.IsNullOrWhiteSpace(text) ? new ValidationIssue(missingCode, field)
            : text.Length > max ? new ValidationIssue(10100, field, $"longer than {max} characters")
            : null;
    }

    // The extension is missing because the URL's own one is not taken for the type: say which, on the URL.
    private static string? UnsupportedExtension(ComposedMessage message, ValidationIssue issue)
    {
        if (!message.IsMedia || issue.Field != $"{message.Type}.extension" || issue.Code == 10100
            || !Uri.TryCreate(message.Url, UriKind.Absolute, out var uri))
        {
            return null;
        }

        var ext = Path.GetExtension(uri.AbsolutePath).TrimStart('.').ToLowerInvariant();
        return ext.Length is > 0 and <= 10 && MessageRules.Extensions.TryGetValue(message.Type, out var allowed) && !allowed.Contains(ext)
            ? ext : null;
    }

    private static string FieldOf(string providerField) => providerField switch
    {
        "text" or "text.body" => "body",
        "image" or "document" or "audio" => "url",
        _ when providerField.Contains('.', StringComparison.Ordinal) => providerField[(providerField.IndexOf('.', StringComparison.Ordinal) + 1)..],
        _ => providerField,
    };
}
