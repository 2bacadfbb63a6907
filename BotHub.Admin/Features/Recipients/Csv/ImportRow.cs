using BotHub.Admin.Features.Provider;

namespace BotHub.Admin.Features.Recipients.Csv;

/// <summary>One recipient as the file says it: a valid row, or several rows with the same phone merged.</summary>
public sealed class ImportRow
{
    public const int MaxName = 200;
    public const int MaxTag = 64;

    public required string Phone { get; init; }
    public string? Name { get; private set; }
    public HashSet<string> Tags { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, string> Attributes { get; } = new(StringComparer.Ordinal);

    /// <summary>Null when the file says nothing (no column, an empty cell or "unknown").</summary>
    public OptInStatus? OptIn { get; private set; }

    /// <summary>A later row of the same phone: its non-empty values win, tags add up, attributes merge.</summary>
    public void MergeFrom(ImportRow later)
    {
        Name = later.Name ?? Name;
        OptIn = later.OptIn ?? OptIn;
        Tags.UnionWith(later.Tags);
        foreach (var (key, value) in later.Attributes)
        {
            Attributes[key] = value;
        }
    }

    /// <summary>Reads a row's cells with the mapping; the reason the row is rejected, or null with the row.</summary>
    public static RejectReason? TryRead(string[] cells, int headerCount, ColumnMapping map, PhoneNormalizer phones, out ImportRow? row)
    {
        row = null;
        if (cells.Length != headerCount)
        {
            return RejectReason.Columns(cells.Length, headerCount);
        }

        var phone = phones.Normalize(CsvValues.Clean(cells[map.Phone]));
        if (!phone.Ok)
        {
            return RejectReason.Phone(phone);
        }

        var name = map.Name is { } n ? CsvValues.Clean(cells[n]) : "";
        if (name.Length > MaxName)
        {
            return RejectReason.NameTooLong(MaxName);
        }

        OptInStatus? optIn = null;
        if (map.OptIn is { } o && CsvValues.Clean(cells[o]) is { Length: > 0 } optText)
        {
            if (!CsvValues.TryParseOptIn(optText, out var status))
            {
                return RejectReason.OptIn(optText.Length > 40 ? optText[..40] + "…" : optText);
            }

            optIn = status == OptInStatus.Unknown ? null : status;
        }

        var result = new ImportRow { Phone = phone.E164!, Name = name.Length > 0 ? name : null, OptIn = optIn };
        if (map.Tags is { } t)
        {
            foreach (var tag in CsvValues.SplitTags(CsvValues.Clean(cells[t])))
            {
                if (tag.Length > MaxTag)
                {
                    return RejectReason.TagTooLong(tag[..20] + "…", MaxTag);
                }

                result.Tags.Add(tag);
            }
        }

        foreach (var a in map.Attributes)
        {
            if (CsvValues.Clean(cells[a.Index]) is { Length: > 0 } value)
            {
                result.Attributes[a.Key.Trim()] = value;
            }
        }

        row = result;
        return null;
    }
}
