using BotHub.Admin.Features.Broadcasts;
using BotHub.Admin.Features.Recipients;
using BotHub.Admin.Features.Sending;

namespace BotHub.Admin.Features.Compose;

public enum AudienceMode
{
    AllEligible,
    Tags,
    Filter,
    Saved,
    Pasted,
}

/// <summary>How the recipients of a broadcast are picked.</summary>
public sealed class AudienceChoice
{
    public AudienceMode Mode { get; set; } = AudienceMode.AllEligible;

    /// <summary>Recipients with any of these tags.</summary>
    public List<string> Tags { get; set; } = [];

    // The recipients page's filters.
    public string? Search { get; set; }
    public string? Tag { get; set; }
    public OptInStatus? OptIn { get; set; }

    public int? SelectionId { get; set; }

    /// <summary>Phone numbers as pasted: one per line, or separated by commas, semicolons or tabs.</summary>
    public string? Pasted { get; set; }
}

/// <summary>The composer's whole state: what a draft keeps and what "Send" turns into a broadcast.</summary>
public sealed class ComposeModel
{
    /// <summary>An optional name for the broadcast, shown in the list and on its page.</summary>
    public string? Name { get; set; }

    public int? ChannelId { get; set; }
    public ComposedMessage Message { get; set; } = new();
    public AudienceChoice Audience { get; set; } = new();

    /// <summary>Per variable key ("name", "attr:city"): a fallback text, or leave out those without a value.</summary>
    public Dictionary<string, VariableFallback> Fallbacks { get; set; } = [];

    /// <summary>Null: send now. Otherwise the local date and time in <see cref="ScheduleZone"/>.</summary>
    public DateTime? ScheduleLocal { get; set; }

    public string? ScheduleZone { get; set; }

    /// <summary>0: the day only (default); N: unsent deliveries wait up to N days for the user to write again.</summary>
    public int KeepDays { get; set; }

    public SendOrder Order { get; set; }

    /// <summary>The fallback for a variable, created on first use so the page can bind to it; leaving out is the default.</summary>
    public VariableFallback FallbackFor(string key)
    {
        if (!Fallbacks.TryGetValue(key, out var fallback))
        {
            Fallbacks[key] = fallback = new VariableFallback { Exclude = true };
        }

        return fallback;
    }

    /// <summary>The schedule's instant in UTC; null for "send now". An unknown zone reads as UTC (creating refuses it).</summary>
    public DateTimeOffset? ScheduledUtc()
    {
        if (ScheduleLocal is not { } local)
        {
            return null;
        }

        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(ScheduleZone ?? "UTC", out var z) ? z : TimeZoneInfo.Utc;
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(unspecified))
        {
            unspecified = unspecified.AddMinutes(1);
        }

        return new DateTimeOffset(unspecified, zone.GetUtcOffset(unspecified)).ToUniversalTime();
    }
}
