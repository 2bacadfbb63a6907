using System.Text;
using System.Text.RegularExpressions;

namespace BotHub.Admin.Features.Compose;

/// <summary>A variable used in a message: "name", "phone" or "attr:KEY".</summary>
public sealed record MessageVariable(string Key)
{
    public const string Name = "name";
    public const string Phone = "phone";
    public const string AttributePrefix = "attr:";

    public string Token => "{{" + Key + "}}";

    /// <summary>The attribute's key for {{attr:KEY}}; null for name and phone.</summary>
    public string? AttributeKey => Key.StartsWith(AttributePrefix, StringComparison.Ordinal) ? Key[AttributePrefix.Length..] : null;
}

/// <summary>What a recipient brings to a message: the values variables are filled from.</summary>
public sealed record RecipientValues(string Phone, string? Name, IReadOnlyDictionary<string, string>? Attributes)
{
    /// <summary>The value of a variable, or null when this recipient has none (empty counts as none).</summary>
    public string? ValueOf(MessageVariable variable)
    {
        var value = variable.Key switch
        {
            MessageVariable.Name => Name,
            MessageVariable.Phone => Phone,
            _ => variable.AttributeKey is { } key && Attributes is not null && Attributes.TryGetValue(key, out var v) ? v : null,
        };
        return string.IsNullOrWhiteSpace(value) ? null : value;
    }
}

/// <summary>What to do for a recipient who lacks a variable's value: put in a fallback text, or leave them out.</summary>
public sealed class VariableFallback
{
    public bool Exclude { get; set; }
    public string? Text { get; set; }
}

/// <summary>A message's text filled in for one recipient; <see cref="MissingVariable"/> is set when they were left out.</summary>
public sealed record RenderResult(string? Text, MessageVariable? MissingVariable)
{
    public bool Excluded => MissingVariable is not null;
}

/// <summary>
/// {{name}}, {{phone}} and {{attr:KEY}} in a text body or caption. Anything else between double braces is an error the
/// composer shows, so a message never goes out with a raw "{{...}}" in it.
/// </summary>
public static partial class MessageVariables
{
    public static readonly IReadOnlyList<string> Builtins = [MessageVariable.Name, MessageVariable.Phone];

    /// <summary>The distinct variables a text uses, in order of first use.</summary>
    public static IReadOnlyList<MessageVariable> Used(string? text) => Tokens(text)
        .Where(t => t.Variable is not null).Select(t => t.Variable!).Distinct().ToList();

    /// <summary>Tokens between double braces that are not variables (e.g. "{{nmae}}", "{{attr:}}"), and a stray "{{" or "}}".</summary>
    public static IReadOnlyList<string> Unknown(string? text)
    {
        var unknown = Tokens(text).Where(t => t.Variable is null).Select(t => t.Raw).Distinct().ToList();
        var withoutTokens = Token().Replace(text ?? "", "");
        if (withoutTokens.Contains("{{", StringComparison.Ordinal))
        {
            unknown.Add("{{");
        }

        if (withoutTokens.Contains("}}", StringComparison.Ordinal))
        {
            unknown.Add("}}");
        }

        return unknown;
    }

    /// <summary>Fills every variable; a missing value takes its fallback text, or excludes the recipient when asked to.</summary>
    public static RenderResult Render(string? text, RecipientValues recipient, IReadOnlyDictionary<string, VariableFallback>? fallbacks)
    {
        if (string.IsNullOrEmpty(text) || !text.Contains("{{", StringComparison.Ordinal))
        {
            return new(text, null);
        }

        MessageVariable? missing = null;
        var rendered = Token().Replace(text, m =>
        {
            if (Parse(m.Groups[1].Value) is not { } variable)
            {
                return m.Value;
            }

            if (recipient.ValueOf(variable) is { } value)
            {
                return value;
            }

            var fallback = fallbacks is not null && fallbacks.TryGetValue(variable.Key, out var f) ? f : null;
            if (fallback is null || fallback.Exclude)
            {
                missing ??= variable;
                return "";
            }

            return fallback.Text ?? "";
        });
        return missing is null ? new(rendered, null) : new(null, missing);
    }

    /// <summary>A text with one more token at its end (what the "insert variable" menu does).</summary>
    public static string Append(string? text, MessageVariable variable)
    {
        var sb = new StringBuilder(text ?? "");
        if (sb.Length > 0 && !char.IsWhiteSpace(sb[^1]))
        {
            sb.Append(' ');
        }

        return sb.Append(variable.Token).ToString();
    }

    private static IEnumerable<(string Raw, MessageVariable? Variable)> Tokens(string? text) => string.IsNullOrEmpty(text)
        ? []
        : Token().Matches(text).Select(m => (m.Value, Parse(m.Groups[1].Value)));

    private static MessageVariable? Parse(string inner)
    {
        var key = inner.Trim();
        if (key is MessageVariable.Name or MessageVariable.Phone)
        {
            return new(key);
        }

        return key.StartsWith(MessageVariable.AttributePrefix, StringComparison.Ordinal)
            && AttributeKey().IsMatch(key[MessageVariable.AttributePrefix.Length..])
            ? new(key)
            : null;
    }

    [GeneratedRegex(@"\{\{([^{}]*)\}\}")]
    private static partial Regex Token();

    [GeneratedRegex(@"^[A-Za-z0-9_.\-]{1,64}$")]
    private static partial Regex AttributeKey();
}
