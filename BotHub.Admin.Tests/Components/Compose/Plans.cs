using BotHub.Admin.Features.Compose;
using BotHub.Admin.Features.Tiers;

namespace BotHub.Admin.Tests.Components.Compose;

/// <summary>Hand-built plans for the composer's components (what the planner would work out).</summary>
internal static class Plans
{
    public static readonly DateTimeOffset Start = new(2025, 3, 10, 6, 0, 0, TimeSpan.Zero);

    /// <summary>Tier 1 of 1,000 with 200 used today; the quota day resets at the next midnight UTC.</summary>
    public static QuotaStatus Quota(int used = 200, int limit = 1000) =>
        new(new DateOnly(2025, 3, 10), AdminTier: 1, DerivedTier: 2, GoverningTier: 2, Limit: limit, Used: used, DistinctInWindow: 1500,
            ResetsAt: new DateTimeOffset(2025, 3, 11, 0, 0, 0, TimeSpan.Zero));

    public static AudiencePlan Empty() => new() { Quota = Quota(), Start = Start, Midnight = Start.AddHours(18) };
}
