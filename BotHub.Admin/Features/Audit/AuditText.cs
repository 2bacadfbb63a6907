using System.Globalization;
using System.Resources;
using System.Text;
using System.Text.Json;
using BotHub.Admin.Resources;

namespace BotHub.Admin.Features.Audit;

/// <summary>
/// An audit entry's details as a resource key and its arguments, so the log reads in each reader's language. Arguments are
/// text shown as it is (names, phone numbers, tags), whole numbers (counts, shown with the reader's digit grouping), UTC
/// times, other texts of this kind (a state, a role: said in the reader's language too) and lists of these.
/// The entry also keeps the English rendering, for the search and the CSV export.
/// </summary>
public sealed class AuditText
{
    private static readonly ResourceManager Resources = new(typeof(Strings));
    private static readonly CultureInfo EnglishCulture = CultureInfo.GetCultureInfo("en");

    private AuditText(string key, IReadOnlyList<object> args)
    {
        Key = key;
        Args = args;
    }

    public string Key { get; }

    public IReadOnlyList<object> Args { get; }

    /// <summary>A text by key; each argument is a string, an int or long, a UTC DateTime, an <see cref="AuditText"/> or a <see cref="List"/>.</summary>
    public static AuditText Of(string key, params object?[] args)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        return new AuditText(key, args.Select(Check).ToList());
    }

    /// <summary>Items said one after another with the reader's list separator ("a, b" or "a、b"); "none" when empty.</summary>
    public static AuditList List(IEnumerable<object?> items) => new(items.Select(Check).ToList(), AuditList.Comma);

    /// <summary>Items said one after another, separated by "; " (or "；").</summary>
    public static AuditList Clauses(IEnumerable<object?> items) => new(items.Select(Check).ToList(), AuditList.Semicolon);

    /// <summary>Text that comes in both languages from elsewhere (the provider's own table of error texts).</summary>
    public static AuditWords Words(string english, string chinese) => new(english, chinese);

    private static object Check(object? arg) => arg switch
    {
        null => "",
        string or AuditText or AuditList or AuditWords => arg,
        int i => (long)i,
        long => arg,
        DateTime d => DateTime.SpecifyKind(d, DateTimeKind.Utc),
        DateTimeOffset o => o.UtcDateTime,
        _ => throw new ArgumentException($"An audit text cannot keep a {arg.GetType().Name}: pass a string, a number, a time or an AuditText."),
    };

    /// <summary>The arguments as JSON: a string, a number, {"utc": ...}, {"key": ..., "args": [...]} or {"list": [...]}.</summary>
    public string ArgsJson()
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            WriteArray(w, Args);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public static AuditText? FromStored(string? key, string? argsJson)
    {
        if (string.IsNullOrEmpty(key))
        {
            return null;
        }

        try
        {
            using var doc = JsonDocument.Parse(string.IsNullOrEmpty(argsJson) ? "[]" : argsJson);
            return new AuditText(key, ReadArray(doc.RootElement));
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    /// <summary>The text in English, as the Details column keeps it.</summary>
    public string English() => Render(EnglishCulture) ?? Key;

    /// <summary>The text in this culture's language; null when a key is unknown or a resource does not fit its arguments.</summary>
    public string? Render(CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(culture);
        var template = Resources.GetString(Key, culture);
        if (template is null)
        {
            return null;
        }

        var values = new object[Args.Count];
        for (var i = 0; i < Args.Count; i++)
        {
            if (RenderArg(Args[i], culture) is not { } v)
            {
                return null;
            }

            values[i] = v;
        }

        try
        {
            return string.Format(culture, template, values);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>
    /// What the audit page shows for an entry: its details in the reader's language, or the stored English text for entries
    /// written before details were kept by key (or whose key has since gone).
    /// </summary>
    public static string? Display(AuditEntry entry, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return FromStored(entry.DetailsKey, entry.DetailsArgs)?.Render(culture) ?? entry.Details;
    }

    /// <summary>The broadcast of a subject written as "broadcast 12"; null for any other subject.</summary>
    public static int? BroadcastIdOf(string? subject) =>
        subject is not null && subject.StartsWith("broadcast ", StringComparison.Ordinal)
        && int.TryParse(subject.AsSpan("broadcast ".Length), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? id
            : null;

    internal static string? RenderArg(object arg, CultureInfo culture) => arg switch
    {
        string s => s,
        long n => n.ToString("N0", culture),
        DateTime d => d.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture),
        AuditText t => t.Render(culture),
        AuditList l => l.Render(culture),
        AuditWords w => culture.TwoLetterISOLanguageName == "zh" ? w.Chinese : w.English,
        _ => null,
    };

    private static void WriteArray(Utf8JsonWriter w, IEnumerable<object> args)
    {
        w.WriteStartArray();
        foreach (var arg in args)
        {
            switch (arg)
            {
                case string s:
                    w.WriteStringValue(s);
                    break;
                case long n:
                    w.WriteNumberValue(n);
                    break;
                case DateTime d:
                    w.WriteStartObject();
                    w.WriteString("utc", d.ToString("O", CultureInfo.InvariantCulture));
                    w.WriteEndObject();
                    break;
                case AuditText t:
                    w.WriteStartObject();
                    w.WriteString("key", t.Key);
                    w.WritePropertyName("args");
                    WriteArray(w, t.Args);
                    w.WriteEndObject();
                    break;
                case AuditList l:
                    w.WriteStartObject();
                    w.WritePropertyName("list");
                    WriteArray(w, l.Items);
                    w.WriteString("sep", l.Separator);
                    w.WriteEndObject();
                    break;
                case AuditWords words:
                    w.WriteStartObject();
                    w.WriteString("en", words.English);
                    w.WriteString("zh", words.Chinese);
                    w.WriteEndObject();
                    break;
            }
        }

        w.WriteEndArray();
    }

    private static List<object> ReadArray(JsonElement array) => array.EnumerateArray().Select(ReadArg).ToList();

    private static object ReadArg(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => e.GetString()!,
        JsonValueKind.Number => e.GetInt64(),
        JsonValueKind.Object when e.TryGetProperty("utc", out var utc) =>
            DateTime.Parse(utc.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal),
        JsonValueKind.Object when e.TryGetProperty("key", out var key) =>
            new AuditText(key.GetString()!, e.TryGetProperty("args", out var a) ? ReadArray(a) : []),
        JsonValueKind.Object when e.TryGetProperty("list", out var list) =>
            new AuditList(ReadArray(list), e.TryGetProperty("sep", out var sep) ? sep.GetString()! : AuditList.Comma),
        JsonValueKind.Object when e.TryGetProperty("en", out var en) && e.TryGetProperty("zh", out var zh) =>
            new AuditWords(en.GetString()!, zh.GetString()!),
        _ => throw new FormatException($"Not an audit text argument: {e.ValueKind}"),
    };
}

/// <summary>Several arguments said as one, with the reader's list separator.</summary>
public sealed class AuditList
{
    internal const string Comma = "Audit.List.Comma";
    internal const string Semicolon = "Audit.List.Semicolon";

    internal AuditList(IReadOnlyList<object> items, string separator)
    {
        Items = items;
        Separator = separator;
    }

    public IReadOnlyList<object> Items { get; }

    /// <summary>The resource key of the separator.</summary>
    public string Separator { get; }

    internal string? Render(CultureInfo culture)
    {
        if (Items.Count == 0)
        {
            return AuditText.Of("Audit.List.None").Render(culture);
        }

        var parts = new List<string>();
        foreach (var item in Items)
        {
            if (AuditText.RenderArg(item, culture) is not { } part)
            {
                return null;
            }

            parts.Add(part);
        }

        return AuditText.Of(Separator).Render(culture) is { } separator ? string.Join(separator, parts) : null;
    }
}

/// <summary>A text given in both languages by its source.</summary>
public sealed record AuditWords(string English, string Chinese);
