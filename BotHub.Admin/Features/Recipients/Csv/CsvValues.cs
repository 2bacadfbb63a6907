namespace BotHub.Admin.Features.Recipients.Csv;

/// <summary>How the cells of a recipients CSV are written and read, so an export imports back unchanged.</summary>
public static class CsvValues
{
    public const char TagSeparator = '|';

    public static string OptInText(OptInStatus status) => status switch
    {
        OptInStatus.OptedIn => "opted_in",
        OptInStatus.OptedOut => "opted_out",
        _ => "unknown",
    };

    /// <summary>Reads an opt-in cell; false when the text says neither yes nor no nor unknown.</summary>
    public static bool TryParseOptIn(string text, out OptInStatus status)
    {
        switch (text.Trim().ToLowerInvariant())
        {
            case "opted_in" or "optedin" or "opted-in" or "opt_in" or "opt-in" or "in" or "yes" or "y" or "true" or "1" or "是":
                status = OptInStatus.OptedIn;
                return true;
            case "opted_out" or "optedout" or "opted-out" or "opt_out" or "opt-out" or "out" or "no" or "n" or "false" or "0" or "否":
                status = OptInStatus.OptedOut;
                return true;
            case "unknown" or "":
                status = OptInStatus.Unknown;
                return true;
            default:
                status = OptInStatus.Unknown;
                return false;
        }
    }

    public static IEnumerable<string> SplitTags(string cell) =>
        cell.Split(TagSeparator, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal);

    public static string JoinTags(IEnumerable<string> tags) => string.Join(TagSeparator, tags.Order(StringComparer.Ordinal));

    /// <summary>
    /// Undoes the formula-injection escape of <see cref="Audit.CsvCell.Escape"/> (a quote before =, +, -, @, tab or CR),
    /// and trims. A value that really began with such a quote loses it: the price of a lossless round trip.
    /// </summary>
    public static string Clean(string? cell)
    {
        var s = (cell ?? "").Trim();
        return s.Length > 1 && s[0] == '\'' && "=+-@\t\r".Contains(s[1], StringComparison.Ordinal) ? s[1..] : s;
    }
}
