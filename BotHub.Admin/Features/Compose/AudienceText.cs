using System.Text.Json;
using Microsoft.Extensions.Localization;

namespace BotHub.Admin.Features.Compose;

/// <summary>
/// A choice of recipients as the broadcast keeps it: without the pasted numbers themselves (only how many lines), so it
/// stays small, and in no language, so each page says it in its reader's.
/// </summary>
public sealed record AudienceRecord(AudienceMode Mode, IReadOnlyList<string> Tags, string? Search, string? Tag, Recipients.OptInStatus? OptIn,
    int? SelectionId, int PastedLines)
{
    public static AudienceRecord Of(AudienceChoice choice)
    {
        ArgumentNullException.ThrowIfNull(choice);
        return new AudienceRecord(choice.Mode, choice.Tags.ToList(), choice.Search, choice.Tag, choice.OptIn, choice.SelectionId,
            choice.Mode == AudienceMode.Pasted ? (choice.Pasted ?? "").Split('\n').Length : 0);
    }

    public string ToJson() => JsonSerializer.Serialize(this);

    /// <summary>The stored record; null for broadcasts made before it was kept, or text that is not one.</summary>
    public static AudienceRecord? FromJson(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<AudienceRecord>(json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>A choice of recipients in words: in English for the audit log (a record), in the reader's language on pages.</summary>
public static class AudienceText
{
    public static string Describe(AudienceChoice choice) => Trim(English(AudienceRecord.Of(choice)));

    public static string Describe(AudienceRecord a, IStringLocalizer l)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(l);
        return Trim(a.Mode switch
        {
            AudienceMode.Tags => l["Audience.Tags", string.Join(", ", a.Tags)],
            AudienceMode.Filter => l["Audience.Filter", a.Search ?? "—", a.Tag ?? "—", a.OptIn is { } o ? l[$"OptIn.{o}"] : l["Audience.Any"]],
            AudienceMode.Saved => l["Audience.Saved", a.SelectionId ?? 0],
            AudienceMode.Pasted => l["Audience.Pasted", a.PastedLines],
            _ => l["Audience.AllEligible"],
        });
    }

    /// <summary>The choice in words for the audit log, said in each reader's language (the keys of the pages' wording).</summary>
    public static Audit.AuditText AuditOf(AudienceRecord a)
    {
        ArgumentNullException.ThrowIfNull(a);
        return a.Mode switch
        {
            AudienceMode.Tags => Audit.AuditText.Of("Audience.Tags", Audit.AuditText.List(a.Tags)),
            AudienceMode.Filter => Audit.AuditText.Of("Audience.Filter", a.Search ?? "—", a.Tag ?? "—",
                a.OptIn is { } o ? Audit.AuditText.Of($"OptIn.{o}") : Audit.AuditText.Of("Audience.Any")),
            AudienceMode.Saved => Audit.AuditText.Of("Audience.Saved", (a.SelectionId ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture)),
            AudienceMode.Pasted => Audit.AuditText.Of("Audience.Pasted", a.PastedLines),
            _ => Audit.AuditText.Of("Audience.AllEligible"),
        };
    }

    private static string English(AudienceRecord a) => a.Mode switch
    {
        AudienceMode.Tags => $"tags: {string.Join(", ", a.Tags)}",
        AudienceMode.Filter => $"filter: search '{a.Search}', tag '{a.Tag}', opt-in {a.OptIn?.ToString() ?? "any"}",
        AudienceMode.Saved => $"saved selection #{a.SelectionId}",
        AudienceMode.Pasted => $"pasted numbers ({a.PastedLines} lines)",
        _ => "all eligible",
    };

    private static string Trim(string text) => text.Length > 1000 ? text[..1000] : text;
}
