using BotHub.Admin.Features.Channels;
using BotHub.Admin.Features.Clock;

namespace BotHub.Admin.Features.Tiers;

/// <summary>Distinct users notified on one local day (summed over channels for all channels), against the limit.</summary>
public sealed record UsageDay(DateOnly Day, int Users, int Limit);

/// <summary>A channel today: its quota, its tiers and its way to the next tier.</summary>
public sealed record ChannelStanding(SendingChannel Channel, QuotaStatus Status, int ActiveDays, UpgradeOutlook Outlook);

/// <summary>How many of a day's distinct users one broadcast took (null id: units recorded before broadcasts were).</summary>
public sealed record BroadcastDayUse(DateOnly Day, int ChannelId, int? BroadcastId, string? Text, bool IsTest, int Users, int Limit)
{
    public double Share => Limit == 0 ? 0 : (double)Users / Limit;
}

/// <summary>
/// The tier page's figures for one channel or for all of them. For all channels a day's figure is the sum of each
/// channel's distinct users (the provider counts per channel: a user notified on two channels counts on each), against
/// the sum of their limits. Limits are today's: the history of tiers is not stored.
/// </summary>
/// <param name="ChannelId">Null: all channels.</param>
public sealed record TierUsage(int? ChannelId, int RangeDays, IReadOnlyList<ChannelStanding> Channels, IReadOnlyList<UsageDay> Days,
    IReadOnlyList<BroadcastDayUse> Broadcasts)
{
    public int UsedToday => Channels.Sum(c => c.Status.Used);

    public int LimitToday => Channels.Sum(c => c.Status.Limit);

    public int RemainingToday => Math.Max(0, LimitToday - UsedToday);

    public bool HasHistory => Days.Any(d => d.Users > 0) || UsedToday > 0;

    public ChannelStanding? OneChannel => ChannelId is null ? null : Channels.SingleOrDefault();
}
