namespace BotHub.Admin.Features.Recipients.Csv;

/// <summary>An extra column kept as the recipient attribute <paramref name="Key"/> (a template variable {{attr:KEY}}).</summary>
public sealed record AttributeColumn(int Index, string Key);

/// <summary>
/// Which column of a CSV file holds what, by 0-based column index. Phone is required; a column in no role is ignored.
/// Tags in a cell are separated by <c>|</c>. Opt-in accepts opted_in/opted_out/unknown, yes/no, true/false, 1/0, 是/否.
/// </summary>
public sealed record ColumnMapping
{
    /// <summary>The prefix of attribute headers in an export: <c>attr:city</c> is the attribute <c>city</c>.</summary>
    public const string AttributePrefix = "attr:";

    public int Phone { get; init; }
    public int? Name { get; init; }
    public int? Tags { get; init; }
    public int? OptIn { get; init; }
    public IReadOnlyList<AttributeColumn> Attributes { get; init; } = [];

    /// <summary>A first guess from the header names, which the user may change.</summary>
    public static ColumnMapping Suggest(IReadOnlyList<string> headers)
    {
        int? phone = null, name = null, tags = null, optIn = null;
        var attributes = new List<AttributeColumn>();
        for (var i = 0; i < headers.Count; i++)
        {
            var header = headers[i].Trim();
            var key = Normalize(header);
            if (phone is null && PhoneNames.Contains(key))
            {
                phone = i;
            }
            else if (name is null && NameNames.Contains(key))
            {
                name = i;
            }
            else if (tags is null && TagNames.Contains(key))
            {
                tags = i;
            }
            else if (optIn is null && OptInNames.Contains(key))
            {
                optIn = i;
            }
            else if (header.Length > 0)
            {
                var attr = header.StartsWith(AttributePrefix, StringComparison.OrdinalIgnoreCase) ? header[AttributePrefix.Length..].Trim() : header;
                if (attr.Length > 0 && attributes.TrueForAll(a => a.Key != attr))
                {
                    attributes.Add(new AttributeColumn(i, attr));
                }
            }
        }

        return new ColumnMapping { Phone = phone ?? -1, Name = name, Tags = tags, OptIn = optIn, Attributes = attributes };
    }

    /// <summary>Why this mapping cannot read a file with <paramref name="columnCount"/> columns, or null when it can.</summary>
    public string? Problem(int columnCount)
    {
        if (Phone < 0 || Phone >= columnCount)
        {
            return "No column is mapped to the phone number.";
        }

        var used = new List<int> { Phone };
        foreach (var index in new[] { Name, Tags, OptIn }.OfType<int>().Concat(Attributes.Select(a => a.Index)))
        {
            if (index < 0 || index >= columnCount)
            {
                return $"Column {index + 1} does not exist: the file has {columnCount} columns.";
            }

            if (used.Contains(index))
            {
                return $"Column {index + 1} is mapped twice.";
            }

            used.Add(index);
        }

        if (Attributes.Any(a => string.IsNullOrWhiteSpace(a.Key)))
        {
            return "An attribute column has no name.";
        }

        return Attributes.GroupBy(a => a.Key.Trim(), StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice
            ? $"The attribute '{twice.Key}' is mapped twice."
            : null;
    }

    private static string Normalize(string header) =>
        new string(header.Where(c => c is not (' ' or '_' or '-')).ToArray()).ToLowerInvariant();

    private static readonly HashSet<string> PhoneNames =
        ["phone", "mobile", "number", "phonenumber", "mobilenumber", "mobilephone", "tel", "telephone", "whatsapp", "电话", "手机", "手机号", "手机号码", "电话号码", "号码"];

    private static readonly HashSet<string> NameNames = ["name", "fullname", "姓名", "名字", "名称"];

    private static readonly HashSet<string> TagNames = ["tags", "tag", "标签"];

    private static readonly HashSet<string> OptInNames = ["optin", "optinstatus", "订阅"];
}
