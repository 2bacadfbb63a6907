using BotHub.Admin.Features.Broadcasts;
using BotHub.Admin.Features.Sending;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BotHub.Admin.Tests.Integration.Sending;

/// <summary>Stopping the app: requests in flight finish and are recorded, what was claimed but not started goes back to the queue.</summary>
public sealed class EngineDrainTests(EngineTestApp app) : IClassFixture<EngineTestApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task StoppingMidSend_LeavesNothingInFlight_AndEveryRequestMadeIsRecorded()
    {
        var (channelId, bot) = await app.CreateChannelAsync(Ct);
        var users = EngineTestApp.NewUsers(60);
        await app.WriteInAsync(bot, users, Ct);
        // Slow answers, so that when the engine stops several requests are on their way.
        await app.SetFaultsAsync("""{"latency_mean_ms":400,"latency_spread_ms":100}""", Ct);
        try
        {
            var broadcastId = await app.BroadcastAsync(channelId, users, Ct);
            await app.WaitUntilAsync(async db => await db.Deliveries.CountAsync(d => d.BroadcastId == broadcastId && d.State == DeliveryState.Sent, Ct) >= 5,
                "the first sends", Ct);

            var engine = app.Services.GetServices<IHostedService>().OfType<SendingEngine>().Single();
            await engine.StopAsync(Ct);

            await using var db = await app.DbAsync(Ct);
            var states = await db.Deliveries.Where(d => d.BroadcastId == broadcastId).GroupBy(d => d.State)
                .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, Ct);
            Assert.False(states.ContainsKey(DeliveryState.Checking), $"left in Checking: {states.GetValueOrDefault(DeliveryState.Checking)}");
            Assert.False(states.ContainsKey(DeliveryState.Sending), $"left in Sending: {states.GetValueOrDefault(DeliveryState.Sending)}");
            Assert.True(states.GetValueOrDefault(DeliveryState.Queued) > 0, "the stop came before the end of the broadcast");

            // Every request the provider answered has its attempt row: nothing was lost on the way out.
            var stats = await app.StatsAsync(bot, Ct);
            var attempts = await db.Set<DeliveryAttempt>().CountAsync(a => db.Set<Delivery>().Any(d => d.Id == a.DeliveryId && d.BroadcastId == broadcastId), Ct);
            Assert.Equal((int)stats["requests"]!, attempts);
            Assert.Equal((int)stats["accepted"]!, states.GetValueOrDefault(DeliveryState.Sent));
        }
        finally
        {
            await app.SetFaultsAsync("{}", Ct);
        }
    }
}
