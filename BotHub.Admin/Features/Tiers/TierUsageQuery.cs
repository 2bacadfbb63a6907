using BotHub.Admin.Data;
using BotHub.Admin.Features.Channels;
using BotHub.Admin.Features.Recipients;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using BotHub.Admin.Features.Clock;
using BotHub.Admin.Features.Sending;

namespace BotHub.Admin.Features.Tiers;

/// <summary>
/// Reads the tier page's figures from the quota units (QuotaUse: one row per channel, local day and user). Counting
/// runs in the database: one grouping by channel, day and broadcast (walking the index of those three) gives the daily
/// totals and the per-broadcast shares; one distinct count per channel gives its upgrade window. QuotaUse.Day is the
/// channel's own day, so a day here never straddles a channel's midnight. A channel's days before its yesterday no
/// longer change (the engine reserves for today and gives a unit back within the attempt that took it), so their counts
/// are kept once read (<see cref="ClosedDays"/>, bounded): after the first load, a load reads the last two days of each
/// channel and the window's count.
/// </summary>
public sealed class TierUsageQuery(IDbContextFactory<AppDbContext> factory, SendingChannels channels, IOptions<TierOptions> options,
    TimeProvider time, IBroadcastLabels labels)
{
    public static readonly int[] Ranges = [7, 30, 90];

    /// <summary>The kept closed days; internal so tests can see the bound.</summary>
    internal ClosedDays Closed { get; init; } = new();

    public Task<IReadOnlyList<SendingChannel>> ChannelsAsync(CancellationToken ct) => channels.ListAsync(ct);

    /// <param name="channelId">One channel, or null for all of them.</param>
    /// <param name="days">Days shown, today included.</param>
    public async Task<TierUsage> LoadAsync(int? channelId, int days, CancellationToken ct)
    {
        var all = await channels.ListAsync(ct);
        var picked = channelId is { } id ? all.Where(c => c.Id == id).ToList() : all.ToList();
        if (picked.Count == 0)
        {
            return new TierUsage(channelId, days, [], [], []);
        }

        var tiers = options.Value;
        var now = time.GetUtcNow();
        var todays = picked.ToDictionary(c => c.Id, c => QuotaReader.LocalDay(c.Zone, now));
        var end = todays.Values.Max();
        var start = end.AddDays(1 - days);
        var from = new[] { start, todays.Values.Min().AddDays(1 - tiers.UpgradeWindowDays) }.Min();
        var ids = picked.Select(c => c.Id).ToList();

        await using var db = await factory.CreateDbContextAsync(ct);
        var groups = await CountAsync(db, ids, from, end, todays, all.Select(c => c.Id).ToHashSet(), ct);
        var texts = await labels.OfAsync(groups.Where(g => g.Day >= start).Select(g => g.BroadcastId).OfType<int>().Distinct().ToList(), ct);

        var standings = new List<ChannelStanding>(picked.Count);
        foreach (var channel in picked)
        {
            var today = todays[channel.Id];
            var windowStart = today.AddDays(1 - tiers.UpgradeWindowDays);
            var windowUsers = await db.QuotaUses.Where(q => q.ChannelId == channel.Id && q.Day >= windowStart && q.Day <= today)
                .Select(q => q.RecipientId).Distinct().CountAsync(ct);
            var mine = groups.Where(g => g.ChannelId == channel.Id && g.Day >= windowStart && g.Day <= today).ToList();
            var activeDays = mine.Count == 0 ? 0 : today.DayNumber - mine.Min(g => g.Day).DayNumber + 1;
            var derived = tiers.DerivedTier(windowUsers);
            var governing = TierOptions.Governing(channel.Tier, derived);
            var status = new QuotaStatus(today, channel.Tier, derived, governing, tiers.LimitOf(governing),
                mine.Where(g => g.Day == today).Sum(g => g.Users), windowUsers, Eligibility.NextDayStartUtc(channel.Zone, now));
            standings.Add(new ChannelStanding(channel, status, activeDays, TierProjection.Project(tiers, derived, windowUsers, activeDays, today)));
        }

        var limits = standings.ToDictionary(s => s.Channel.Id, s => s.Status.Limit);
        var totalLimit = limits.Values.Sum();
        var perDay = groups.Where(g => g.Day >= start).GroupBy(g => g.Day).ToDictionary(g => g.Key, g => g.Sum(x => x.Users));
        var series = Enumerable.Range(0, days).Select(i => start.AddDays(i))
            .Select(d => new UsageDay(d, perDay.GetValueOrDefault(d), totalLimit)).ToList();
        var broadcasts = groups.Where(g => g.Day >= start)
            .Select(g => texts.TryGetValue(g.BroadcastId ?? 0, out var t)
                ? new BroadcastDayUse(g.Day, g.ChannelId, g.BroadcastId, t.Text, t.IsTest, g.Users, limits[g.ChannelId])
                : new BroadcastDayUse(g.Day, g.ChannelId, g.BroadcastId, null, false, g.Users, limits[g.ChannelId]))
            .OrderByDescending(b => b.Day).ThenByDescending(b => b.Users).ThenBy(b => b.BroadcastId).ToList();
        return new TierUsage(channelId, days, standings, series, broadcasts);
    }

    /// <summary>Units per channel, day and broadcast, counted in the database.</summary>
    public static IQueryable<UnitCount> CountQuery(AppDbContext db, IReadOnlyList<int> channelIds, DateOnly from, DateOnly to)
    {
        ArgumentNullException.ThrowIfNull(db);
        var uses = db.QuotaUses.AsNoTracking().Where(q => q.Day >= from && q.Day <= to);
        uses = channelIds.Count == 1 ? uses.Where(q => q.ChannelId == channelIds[0]) : uses.Where(q => channelIds.Contains(q.ChannelId));
        return uses.GroupBy(q => new { q.ChannelId, q.Day, q.BroadcastId })
            .Select(g => new UnitCount(g.Key.ChannelId, g.Key.Day, g.Key.BroadcastId, g.Count()));
    }

    private async Task<List<UnitCount>> CountAsync(AppDbContext db, List<int> ids, DateOnly from, DateOnly to,
        Dictionary<int, DateOnly> todays, IReadOnlySet<int> listed, CancellationToken ct)
    {
        var counts = new List<UnitCount>();
        var used = new HashSet<(int, DateOnly)>();
        var readFrom = to.AddDays(1);
        foreach (var id in ids)
        {
            for (var day = from; day <= to; day = day.AddDays(1))
            {
                if (Closed.TryGet(id, day, out var kept))
                {
                    counts.AddRange(kept);
                    used.Add((id, day));
                }
                else if (day < readFrom)
                {
                    readFrom = day;
                }
            }
        }

        if (readFrom > to)
        {
            return counts;
        }

        var read = await CountQuery(db, ids, readFrom, to).ToListAsync(ct);
        counts.AddRange(read.Where(g => !used.Contains((g.ChannelId, g.Day))));
        var byDay = read.ToLookup(g => (g.ChannelId, g.Day));
        var closed = new List<(int, DateOnly, UnitCount[])>();
        foreach (var id in ids)
        {
            var open = todays[id].AddDays(-1);
            for (var day = readFrom; day < open; day = day.AddDays(1))
            {
                closed.Add((id, day, byDay[(id, day)].ToArray()));
            }
        }

        Closed.Keep(closed, todays.Values.Min(), listed);
        return counts;
    }
}

/// <summary>Distinct users (units) of a channel on a day, for one broadcast.</summary>
public sealed record UnitCount(int ChannelId, DateOnly Day, int? BroadcastId, int Users);
