using BotHub.Admin.Features.Clock;

namespace BotHub.Admin.Features.Recipients;

public enum IneligibleReason
{
    OptedOut,
    NotOptedIn,
    NoMessageToday,
    InvalidNumber,
}

/// <param name="Until">For an eligible user, the channel's next midnight, when eligibility ends.</param>
public sealed record EligibilityResult(bool Eligible, IneligibleReason? Reason, DateTimeOffset? Until)
{
    public static EligibilityResult Yes(DateTimeOffset until) => new(true, null, until);
    public static EligibilityResult No(IneligibleReason reason) => new(false, reason, null);
}

/// <summary>
/// Who may get a push from a channel at a moment (spec, Limits 3): opted in, not opted out, and a message to that
/// channel on the same day in the channel's time zone. The one place that decides; queries use <see cref="DayStartUtc"/>.
/// </summary>
public static class Eligibility
{
    public static EligibilityResult Evaluate(string? phone, OptInStatus optIn, DateTime? lastInboundUtc, TimeZoneInfo zone, DateTimeOffset now) =>
        new EligibilityDay(zone, now).Evaluate(phone, optIn, lastInboundUtc);

    /// <summary>The instant the channel's current day began (its local midnight), in UTC.</summary>
    public static DateTimeOffset DayStartUtc(TimeZoneInfo zone, DateTimeOffset now) => Days.DayStartUtc(zone, now);

    /// <summary>The instant the channel's next day begins, in UTC.</summary>
    public static DateTimeOffset NextDayStartUtc(TimeZoneInfo zone, DateTimeOffset now) => Days.NextDayStartUtc(zone, now);
}

/// <summary>
/// <see cref="Eligibility.Evaluate"/> for many users at one moment: the channel's day is worked out once, not per user
/// (a broadcast decides for 100,000 recipients in one pass).
/// </summary>
public sealed class EligibilityDay(TimeZoneInfo zone, DateTimeOffset now)
{
    private readonly DateTime _start = Eligibility.DayStartUtc(zone, now).UtcDateTime;
    private readonly DateTime _latest = now.UtcDateTime.AddMinutes(5);
    private readonly EligibilityResult _yes = EligibilityResult.Yes(Eligibility.NextDayStartUtc(zone, now));

    public EligibilityResult Evaluate(string? phone, OptInStatus optIn, DateTime? lastInboundUtc)
    {
        if (phone is null || !Provider.MessageRules.IsE164(phone))
        {
            return EligibilityResult.No(IneligibleReason.InvalidNumber);
        }

        if (optIn == OptInStatus.OptedOut)
        {
            return EligibilityResult.No(IneligibleReason.OptedOut);
        }

        if (optIn != OptInStatus.OptedIn)
        {
            return EligibilityResult.No(IneligibleReason.NotOptedIn);
        }

        return lastInboundUtc is { } last && last >= _start && last <= _latest
            ? _yes
            : EligibilityResult.No(IneligibleReason.NoMessageToday);
    }
}
