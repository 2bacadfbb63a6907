using System.Globalization;
using System.Text;

namespace BotHub.Admin.Features.Security;

/// <summary>
/// A value from a request, made safe for a log line: control characters (CR, LF, tab, NUL...), the Unicode line and
/// paragraph separators and the bidirectional controls are written as \uXXXX escapes, so a value cannot forge a line
/// or reorder one; long values are cut (with a note of the cut).
/// </summary>
public static class LogText
{
    public const int DefaultMax = 200;

    public static string Safe(string? value, int max = DefaultMax)
    {
        if (value is null)
        {
            return "(none)";
        }

        var cut = value.Length > max;
        var text = cut ? TextCap.Cap(value, max)! : value;
        StringBuilder? escaped = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (NeedsEscape(c) || IsLoneSurrogate(text, i))
            {
                escaped ??= new StringBuilder(text.Length + 16).Append(text, 0, i);
                escaped.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            }
            else
            {
                escaped?.Append(c);
            }
        }

        var safe = escaped?.ToString() ?? text;
        return cut ? string.Create(CultureInfo.InvariantCulture, $"{safe}…(+{value.Length - text.Length} chars)") : safe;
    }

    /// <summary>Also the backslash, so an escape in the value cannot pass for one of ours.</summary>
    private static bool NeedsEscape(char c) =>
        char.IsControl(c) || c == '\\'
        || c is '\u2028' or '\u2029' // line and paragraph separators
        || c is >= '\u202A' and <= '\u202E' // embeddings and overrides
        || c is >= '\u2066' and <= '\u2069' // isolates
        || c is '\u200E' or '\u200F' or '\u061C'; // marks

    private static bool IsLoneSurrogate(string s, int i) =>
        char.IsHighSurrogate(s[i]) ? i + 1 >= s.Length || !char.IsLowSurrogate(s[i + 1])
        : char.IsLowSurrogate(s[i]) && (i == 0 || !char.IsHighSurrogate(s[i - 1]));
}
