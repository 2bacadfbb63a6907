using BotHub.Admin.Features.Clock;

namespace BotHub.Admin.Features.Tiers;

public enum UpgradeState
{
    /// <summary>Tier 3: there is nothing to upgrade to.</summary>
    TopTier,

    /// <summary>The window already holds the threshold (the derived tier moves up with it).</summary>
    Reached,

    /// <summary>At the pace of the window's active days, the window fills past the threshold on <see cref="UpgradeOutlook.ProjectedDay"/>.</summary>
    OnPace,

    /// <summary>The current pace never gets there: <see cref="UpgradeOutlook.DailyNeeded"/> a day would.</summary>
    BelowPace,

    /// <summary>No one notified in the window yet.</summary>
    NoHistory,
}

/// <param name="Threshold">Distinct users within the window that earn <see cref="NextTier"/> (0 at the top tier).</param>
/// <param name="DailyPace">Distinct users a day so far in the window: its count over its active days.</param>
/// <param name="DailyNeeded">Distinct users a day that, kept up for a whole window, reach the threshold.</param>
public sealed record UpgradeOutlook(UpgradeState State, int? NextTier, int Threshold, int WindowUsers, double DailyPace,
    DateOnly? ProjectedDay, int DailyNeeded)
{
    public double Share => Threshold == 0 ? 1 : Math.Min(1, (double)WindowUsers / Threshold);
}

/// <summary>
/// When the derived tier moves up (spec, Limits 2: 2,000 distinct users within 7 days for tier 2, 20,000 for tier 3).
/// The window rolls, so once it holds full days, a steady pace keeps its count steady: the count only grows while the
/// window still has days from before the first send. The pace is therefore the window's count over its active days
/// (first day with use up to today), and the projection is the day the window, filling at that pace, holds the threshold.
/// </summary>
public static class TierProjection
{
    public static int? NextTier(int derivedTier) => derivedTier >= 3 ? null : Math.Max(1, derivedTier) + 1;

    public static int ThresholdFor(TierOptions tiers, int nextTier)
    {
        ArgumentNullException.ThrowIfNull(tiers);
        return nextTier >= 3 ? tiers.Tier3UpgradeAt : tiers.Tier2UpgradeAt;
    }

    /// <param name="windowUsers">Distinct users notified in the window ending today.</param>
    /// <param name="activeDays">Days from the first day with use in the window to today, both counted (0: none).</param>
    public static UpgradeOutlook Project(TierOptions tiers, int derivedTier, int windowUsers, int activeDays, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(tiers);
        var window = tiers.UpgradeWindowDays;
        if (NextTier(derivedTier) is not { } next)
        {
            return new(UpgradeState.TopTier, null, 0, windowUsers, Pace(windowUsers, activeDays), null, 0);
        }

        var threshold = ThresholdFor(tiers, next);
        var needed = (int)Math.Ceiling((double)threshold / window);
        var pace = Pace(windowUsers, activeDays);
        if (windowUsers >= threshold)
        {
            return new(UpgradeState.Reached, next, threshold, windowUsers, pace, today, needed);
        }

        if (windowUsers == 0 || activeDays <= 0)
        {
            return new(UpgradeState.NoHistory, next, threshold, windowUsers, 0, null, needed);
        }

        // Days of use the window needs at this pace: threshold / pace = threshold * activeDays / windowUsers, rounded up.
        var daysNeeded = (long)Math.Ceiling((double)threshold * activeDays / windowUsers);
        if (daysNeeded > window)
        {
            return new(UpgradeState.BelowPace, next, threshold, windowUsers, pace, null, needed);
        }

        return new(UpgradeState.OnPace, next, threshold, windowUsers, pace, today.AddDays((int)daysNeeded - Math.Min(activeDays, window)), needed);
    }

    private static double Pace(int windowUsers, int activeDays) => activeDays <= 0 ? 0 : (double)windowUsers / activeDays;
}
