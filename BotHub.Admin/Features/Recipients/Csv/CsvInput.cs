using CsvHelper;

namespace BotHub.Admin.Features.Recipients.Csv;

/// <summary>
/// Opens an uploaded CSV for CsvHelper: drops a UTF-8 byte order mark and takes the separator (comma or semicolon)
/// from the header line, which CsvHelper's own detection would not limit to those two (a tags cell a|b could win).
/// </summary>
public static class CsvInput
{
    private const int MaxHeaderBytes = 1 << 20;

    public static async Task<(CsvReader Reader, char Separator)> OpenAsync(Stream input, char? separator, CancellationToken ct)
    {
        var head = await ReadFirstLineAsync(input, ct);
        var start = head.AsSpan().StartsWith("\uFEFF"u8) ? 3 : 0;
        var sep = separator ?? DetectSeparator(head.AsSpan(start));
        var stream = new PrefixedStream(head.AsMemory(start), input);
        var options = new CsvReaderOptions
        {
            Separator = sep,
            HasHeader = true,
            TrackLineNumbers = true,
            FieldCountMismatch = CsvFieldCountHandling.Allow,
            MissingField = CsvMissingFieldHandling.ReturnEmpty,
            MaxRecordSize = 1 << 20,
        };
        return (CsvReader.Create(stream, options, leaveOpen: false), sep);
    }

    /// <summary>Semicolon when the header line has more semicolons than commas outside quotes; comma otherwise.</summary>
    public static char DetectSeparator(ReadOnlySpan<byte> headerLine)
    {
        int commas = 0, semicolons = 0;
        var quoted = false;
        foreach (var b in headerLine)
        {
            if (b == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && b == ',')
            {
                commas++;
            }
            else if (!quoted && b == ';')
            {
                semicolons++;
            }
            else if (!quoted && b == '\n')
            {
                break;
            }
        }

        return semicolons > commas ? ';' : ',';
    }

    // Reads until the first line break outside quotes (or 1 MiB, or the end), so the rest can still be streamed.
    private static async Task<byte[]> ReadFirstLineAsync(Stream input, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[4096];
        var quoted = false;
        while (buffer.Length < MaxHeaderBytes)
        {
            var n = await input.ReadAsync(chunk, ct);
            if (n == 0)
            {
                break;
            }

            buffer.Write(chunk, 0, n);
            var done = false;
            foreach (var b in chunk.AsSpan(0, n))
            {
                quoted ^= b == '"';
                if (!quoted && b == '\n')
                {
                    done = true;
                    break;
                }
            }

            if (done)
            {
                break;
            }
        }

        return buffer.ToArray();
    }
}
