using CsvHelper;

namespace BotHub.Admin.Features.Recipients.Csv;

/// <summary>The start of an uploaded file: what the mapping step shows.</summary>
/// <param name="Separator">The detected separator, comma or semicolon.</param>
/// <param name="Rows">The first data rows, as the cells read.</param>
/// <param name="Suggested">The mapping guessed from the header names.</param>
public sealed record CsvPreviewResult(char Separator, IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<string>> Rows,
    ColumnMapping Suggested);

public static class CsvPreview
{
    /// <summary>Reads the header and the first <paramref name="rows"/> rows (UTF-8, with or without BOM; comma or semicolon).</summary>
    public static async Task<CsvPreviewResult> ReadPreviewAsync(Stream input, int rows = 10, CancellationToken ct = default)
    {
        var (reader, separator) = await CsvInput.OpenAsync(input, null, ct);
        await using (reader)
        {
            await reader.ReadHeaderAsync(ct);
            var headers = reader.Headers.ToList();
            var list = new List<IReadOnlyList<string>>();
            while (list.Count < rows && await reader.ReadAsync(ct))
            {
                list.Add(Fields(reader));
            }

            return new CsvPreviewResult(separator, headers, list, ColumnMapping.Suggest(headers));
        }
    }

    internal static string[] Fields(CsvReader reader)
    {
        var fields = new string[reader.FieldCount];
        for (var i = 0; i < fields.Length; i++)
        {
            fields[i] = reader.GetString(i);
        }

        return fields;
    }
}
