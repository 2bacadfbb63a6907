using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace BotHub.Admin.Features.Audit;

/// <summary>CSV cells that a spreadsheet will not run as formulas.</summary>
public static partial class CsvCell
{
    public static string Escape(string? value)
    {
        var s = value ?? "";
        if (s.Length > 0 && "=+-@\t\r".Contains(s[0], StringComparison.Ordinal) && !PlainNumberOrPhone().IsMatch(s))
        {
            s = "'" + s;
        }

        return s.IndexOfAny([',', '"', '\n', '\r', ';']) >= 0 ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s;
    }

    public static string Row(params string?[] cells) => string.Join(',', cells.Select(Escape));

    [GeneratedRegex(@"^(\+[1-9]\d{7,14}|[-+]?\d+(\.\d+)?)$")]
    private static partial Regex PlainNumberOrPhone();
}

public static class AuditCsv
{
    public const string Header = "time_utc,kind,user,address,subject,details";

    public static async Task WriteAsync(Stream output, IAsyncEnumerable<AuditEntry> entries, CancellationToken ct)
    {
        await using var w = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), leaveOpen: true);
        await w.WriteLineAsync(Header);
        await foreach (var e in entries.WithCancellation(ct))
        {
            await w.WriteLineAsync(CsvCell.Row(
                e.AtUtc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                e.Kind.ToString(), e.ActorName, e.Address, e.Subject, e.Details));
        }
    }
}
