namespace BotHub.Admin.Features.Localization;

/// <summary>Sentences of a paragraph in one string: a space after an English full stop, none after a Chinese one (。).</summary>
public static class Sentences
{
    public static string Join(params string?[] sentences)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        var text = "";
        foreach (var s in sentences)
        {
            if (string.IsNullOrEmpty(s))
            {
                continue;
            }

            text = text.Length == 0 || text.EndsWith('。') ? text + s : text + " " + s;
        }

        return text;
    }
}
