using System.Globalization;

namespace BotHub.Admin.Features.Security;

/// <summary>Cuts text from outside to a column's length without splitting a character (a surrogate pair, an emoji with its modifiers).</summary>
public static class TextCap
{
    /// <summary>At most <paramref name="max"/> UTF-16 units, cut between text elements; null and short text pass unchanged.</summary>
    public static string? Cap(string? text, int max)
    {
        if (text is null || text.Length <= max)
        {
            return text;
        }

        var length = 0;
        var elements = StringInfo.GetTextElementEnumerator(text);
        while (elements.MoveNext())
        {
            var next = elements.ElementIndex + elements.GetTextElement().Length;
            if (next > max)
            {
                break;
            }

            length = next;
        }

        // A single "element" longer than the cap (e.g. thousands of combining marks) is cut where a surrogate pair is not split.
        if (length == 0)
        {
            length = char.IsHighSurrogate(text[max - 1]) ? max - 1 : max;
        }

        return text[..length];
    }

    /// <summary>True when <see cref="Cap"/> would cut the text.</summary>
    public static bool IsOver(string? text, int max) => text is not null && text.Length > max;
}
