using System.Globalization;
using System.Text;
using BotHub.Admin.Features.Audit;
using BotHub.Admin.Resources;
using Microsoft.Extensions.Localization;

namespace BotHub.Admin.Features.Recipients.Csv;

/// <summary>The rows an import left out, as a CSV to fix and import again: line number, reason, then the row's cells.</summary>
public static class RejectsCsv
{
    /// <param name="l">Says each reason in the language of the person who imported.</param>
    public static void Write(Stream output, IReadOnlyList<string> header, IEnumerable<ImportReject> rejects, IStringLocalizer<Strings> l)
    {
        ArgumentNullException.ThrowIfNull(l);
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(rejects);
        using var w = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), leaveOpen: true);
        w.Write(CsvCell.Row(["row", "reason", .. header]));
        w.Write("\r\n");
        foreach (var r in rejects)
        {
            w.Write(CsvCell.Row([r.Row.ToString(CultureInfo.InvariantCulture), r.Reason.Text(l), .. r.Values]));
            w.Write("\r\n");
        }
    }
}
