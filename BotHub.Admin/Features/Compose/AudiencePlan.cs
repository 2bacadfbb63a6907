using BotHub.Admin.Features.Broadcasts;
using BotHub.Admin.Features.Tiers;
using BotHub.Admin.Features.Sending;

namespace BotHub.Admin.Features.Compose;

/// <summary>How many picked recipients lack a variable's value.</summary>
public sealed record VariableUse(MessageVariable Variable, int Missing);

/// <summary>What a broadcast would do, shown before sending and in the confirmation.</summary>
public sealed record AudiencePlan
{
    /// <summary>Recipients picked, including pasted entries that are not recipients.</summary>
    public int Selected { get; init; }

    /// <summary>Who would be queued to send now.</summary>
    public int Eligible { get; init; }

    /// <summary>Opted in but silent today, kept for the days chosen until they write again.</summary>
    public int Waiting { get; init; }

    public IReadOnlyDictionary<ExclusionReason, int> Excluded { get; init; } = new Dictionary<ExclusionReason, int>();
    public int ExcludedTotal => Excluded.Values.Sum();

    public required QuotaStatus Quota { get; init; }

    /// <summary>Eligible recipients already notified today: they use no more quota.</summary>
    public int AlreadyNotifiedToday { get; init; }

    /// <summary>Eligible recipients today's remaining quota covers (with those already notified).</summary>
    public int GoToday { get; init; }

    /// <summary>Eligible recipients beyond today's quota: they wait for the next day's quota, and their eligibility then.</summary>
    public int WaitForQuota { get; init; }

    /// <summary>Among those going today: users the channel has not checked yet (two requests each) and checked ones (one).</summary>
    public int NewUsers { get; init; }

    public int CheckedUsers { get; init; }
    public int Requests => NewUsers * 2 + CheckedUsers;
    public int RatePerSecond { get; init; }
    public TimeSpan Duration { get; init; }

    public DateTimeOffset Start { get; init; }
    public DateTimeOffset EndsAt => Start + Duration;

    /// <summary>The channel's next midnight after the start: eligibility and the quota day end there.</summary>
    public DateTimeOffset Midnight { get; init; }

    public bool FinishesBeforeMidnight => EndsAt <= Midnight;

    /// <summary>Recipients who would likely be reached only after midnight, and so lose eligibility first.</summary>
    public int LikelyLost { get; init; }

    /// <summary>True for a scheduled broadcast: eligibility is judged when it runs, not now.</summary>
    public bool JudgedAtRun { get; init; }

    /// <summary>
    /// Who gets it as things stand, who only if they write first, and who is left out now and why; for a scheduled
    /// broadcast this judges each queued recipient as of now, which <see cref="Eligible"/> and <see cref="Excluded"/> do not.
    /// </summary>
    public BroadcastForecast? Forecast { get; init; }

    public IReadOnlyList<VariableUse> Variables { get; init; } = [];

    /// <summary>Pasted entries past the limit of one paste, not read.</summary>
    public int PastedIgnored { get; init; }
}
