using System.ComponentModel.DataAnnotations;

namespace BotHub.Admin.Features.Tiers;

/// <summary>
/// Settings under "Bsp:Tiers": the provider's daily quota per tier and the upgrade thresholds (spec, Limits 2). The
/// defaults are the spec's; providers change such numbers, so they are configuration.
/// </summary>
public sealed class TierOptions
{
    public const string Section = "Bsp:Tiers";

    [Range(1, int.MaxValue)] public int Tier1Limit { get; set; } = 1_000;
    [Range(1, int.MaxValue)] public int Tier2Limit { get; set; } = 10_000;
    [Range(1, int.MaxValue)] public int Tier3Limit { get; set; } = 100_000;

    /// <summary>Distinct users notified within <see cref="UpgradeWindowDays"/> that move tier 1 to tier 2.</summary>
    [Range(1, int.MaxValue)] public int Tier2UpgradeAt { get; set; } = 2_000;

    /// <summary>Distinct users notified within <see cref="UpgradeWindowDays"/> that move tier 2 to tier 3.</summary>
    [Range(1, int.MaxValue)] public int Tier3UpgradeAt { get; set; } = 20_000;

    [Range(1, 90)] public int UpgradeWindowDays { get; set; } = 7;

    public int LimitOf(int tier) => tier switch
    {
        <= 1 => Tier1Limit,
        2 => Tier2Limit,
        _ => Tier3Limit,
    };

    /// <summary>The tier history earns: distinct users notified in the last window against the thresholds.</summary>
    public int DerivedTier(int distinctUsersInWindow) =>
        distinctUsersInWindow >= Tier3UpgradeAt ? 3 : distinctUsersInWindow >= Tier2UpgradeAt ? 2 : 1;

    /// <summary>The lower of the admin-set and the derived tier governs sending (spec, Limits 2, Decision).</summary>
    public static int Governing(int adminTier, int derivedTier) => Math.Min(Math.Clamp(adminTier, 1, 3), derivedTier);
}
