using BotHub.Admin.Features.Broadcasts;
using BotHub.Admin.Features.Channels;
using BotHub.Admin.Features.Provider;
using BotHub.Admin.Features.Recipients;
using BotHub.Admin.Features.Sending;
using Microsoft.EntityFrameworkCore;
using BotHub.Admin.Features.Tiers;

namespace BotHub.Admin.Tests.Integration.Sending;

/// <summary>The daily quota of distinct users: what the app counts itself, and what the provider refuses when its count is lower.</summary>
public sealed class EngineQuotaTests(EngineQuotaTests.App app) : IClassFixture<EngineQuotaTests.App>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// Tier 1 is 3 users a day in the app and at the provider. The provider's tier 2 is set to 2, below the app's tier-1
    /// limit that governs a new tier-2 channel (history earns it tier 1), so on such a channel the provider runs out first.
    /// </summary>
    public sealed class App : EngineTestApp
    {
        protected override IDictionary<string, string?> Settings
        {
            get
            {
                var s = base.Settings;
                s["Bsp:Tiers:Tier1Limit"] = "3";
                s["Bsp:Sandbox:TierLimits:0"] = "3";
                s["Bsp:Sandbox:TierLimits:1"] = "2";
                s["Bsp:Sandbox:TierLimits:2"] = "100000";
                return s;
            }
        }
    }

    private async Task<(List<Delivery> Deliveries, Broadcast Broadcast, int QuotaUses)> LoadAsync(int broadcastId, int channelId)
    {
        await using var db = await app.DbAsync(Ct);
        var deliveries = await db.Deliveries.AsNoTracking().Where(d => d.BroadcastId == broadcastId).ToListAsync(Ct);
        var broadcast = await db.Broadcasts.AsNoTracking().SingleAsync(b => b.Id == broadcastId, Ct);
        return (deliveries, broadcast, await db.QuotaUses.CountAsync(q => q.ChannelId == channelId, Ct));
    }

    [Fact]
    public async Task QuotaUsedUp_InTheApp_RestWaitForTheChannelsMidnight_BroadcastWaitingForQuota()
    {
        var (channelId, bot) = await app.CreateChannelAsync(Ct);
        var users = EngineTestApp.NewUsers(5);
        await app.WriteInAsync(bot, users, Ct);

        var broadcastId = await app.BroadcastAsync(channelId, users, Ct);
        await app.WaitSettledAsync(broadcastId, Ct);

        var (deliveries, broadcast, quotaUses) = await LoadAsync(broadcastId, channelId);
        var zone = SendingChannels.ZoneOf((await ChannelAsync(channelId)).TimeZone);
        var midnight = Eligibility.NextDayStartUtc(zone, DateTimeOffset.UtcNow).UtcDateTime;
        Assert.Equal(3, deliveries.Count(d => d.State == DeliveryState.Sent));
        var waiting = deliveries.Where(d => d.State == DeliveryState.WaitingForQuota).ToList();
        Assert.Equal(2, waiting.Count);
        Assert.All(waiting, d => Assert.Equal((midnight, 0, (int?)null), (d.NextAttemptUtc!.Value, d.Attempts, d.LastCode)));
        Assert.Equal(BroadcastState.WaitingForQuota, broadcast.State);
        Assert.Null(broadcast.FinishedUtc);
        Assert.Equal(3, quotaUses);
        await using (var db = await app.DbAsync(Ct))
        {
            var ids = waiting.Select(d => d.Id).ToList();
            Assert.False(await db.DeliveryAttempts.AnyAsync(a => ids.Contains(a.DeliveryId), Ct), "no request for a user beyond the quota");
        }

        var stats = await app.StatsAsync(bot, Ct);
        Assert.Equal((3, 3, 0), ((int)stats["accepted"]!, (int)stats["checks"]!, (int)stats["refused"]!));
    }

    [Fact]
    public async Task QuotaUsedUp_AtTheProvider_80001Subcode1_WaitsForMidnight_AndGivesTheReservationBack()
    {
        var (channelId, bot) = await app.CreateChannelAsync(Ct, tier: 2);
        var users = EngineTestApp.NewUsers(4);
        await app.WriteInAsync(bot, users, Ct);

        var broadcastId = await app.BroadcastAsync(channelId, users, Ct);
        await app.WaitSettledAsync(broadcastId, Ct);

        var (deliveries, broadcast, quotaUses) = await LoadAsync(broadcastId, channelId);
        var zone = SendingChannels.ZoneOf((await ChannelAsync(channelId)).TimeZone);
        var midnight = Eligibility.NextDayStartUtc(zone, DateTimeOffset.UtcNow).UtcDateTime;
        Assert.Equal(2, deliveries.Count(d => d.State == DeliveryState.Sent));
        var refused = Assert.Single(deliveries, d => d.LastCode == 80001);
        Assert.Equal((DeliveryState.WaitingForQuota, 1, midnight), (refused.State, refused.LastSubcode, refused.NextAttemptUtc!.Value));
        Assert.Equal(2, deliveries.Count(d => d.State == DeliveryState.WaitingForQuota));
        Assert.Equal(BroadcastState.WaitingForQuota, broadcast.State);
        // The refused send's reservation was given back: only the two the provider accepted count.
        Assert.Equal(2, quotaUses);
        await using (var db = await app.DbAsync(Ct))
        {
            var attempts = await db.DeliveryAttempts.AsNoTracking().Where(a => a.DeliveryId == refused.Id).OrderBy(a => a.Id).ToListAsync(Ct);
            Assert.Equal([(AttemptKind.Check, OutcomeKind.Accepted, (int?)null), (AttemptKind.Send, OutcomeKind.Transient, 80001)],
                attempts.Select(a => (a.Kind, a.Outcome, a.Code)));
        }

        var stats = await app.StatsAsync(bot, Ct);
        Assert.Equal((2, 1), ((int)stats["accepted"]!, (int)stats["refused"]!));
    }

    private async Task<Channel> ChannelAsync(int id)
    {
        await using var db = await app.DbAsync(Ct);
        return await db.Channels.AsNoTracking().SingleAsync(c => c.Id == id, Ct);
    }
}
