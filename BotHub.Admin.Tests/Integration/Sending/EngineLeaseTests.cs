using BotHub.Admin.Features.Broadcasts;
using BotHub.Admin.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using BotHub.Admin.Features.Sending;

namespace BotHub.Admin.Tests.Integration.Sending;

/// <summary>A unit of work that fails leaves its delivery claimed; when the claim's lease runs out it goes out again, without a restart.</summary>
public sealed class EngineLeaseTests(EngineLeaseTests.App app) : IClassFixture<EngineLeaseTests.App>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Leases of 1 s (2 s more while a request is out), so the test waits seconds, not the default 30 s.</summary>
    public sealed class App : EngineTestApp
    {
        public LogSink Logs { get; } = new();

        protected override IDictionary<string, string?> Settings
        {
            get
            {
                var s = base.Settings;
                s["Sending:ClaimLease"] = "00:00:01";
                s["Bsp:RequestTimeout"] = "00:00:02";
                return s;
            }
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(s => s.AddSingleton<ILoggerProvider>(Logs));
        }
    }

    [Fact]
    public async Task UnitOfWorkThrows_TheDeliveryStaysClaimedUntilItsLeaseRunsOut_ThenGoesOutAgainAndIsSentOnce()
    {
        var (channelId, bot) = await app.CreateChannelAsync(Ct);
        var users = EngineTestApp.NewUsers(3);
        await app.WriteInAsync(bot, users, Ct);
        var unlucky = users[1];
        app.Requests.ThrowFor[unlucky] = true;

        var id = await app.BroadcastAsync(channelId, users, Ct);
        await app.WaitUntilAsync(async db => await db.Deliveries.CountAsync(d => d.BroadcastId == id && d.State == DeliveryState.Sent, Ct) == 2
            && app.Logs.Lines.Any(l => l.Contains("its unit of work failed", StringComparison.Ordinal)), "the others sent and the unlucky one's work failed", Ct);
        await using (var db = await app.DbAsync(Ct))
        {
            var stuck = await db.Deliveries.AsNoTracking().SingleAsync(d => d.BroadcastId == id && d.Phone == unlucky, Ct);
            Assert.Equal(DeliveryState.Checking, stuck.State);
            Assert.NotNull(stuck.ClaimedBy);
            Assert.Equal(BroadcastState.Sending, await db.Broadcasts.Where(b => b.Id == id).Select(b => b.State).SingleAsync(Ct));
        }

        app.Requests.ThrowFor.Clear();
        await app.WaitSettledAsync(id, Ct);

        await using var after = await app.DbAsync(Ct);
        Assert.All(await after.Deliveries.Where(d => d.BroadcastId == id).ToListAsync(Ct), d => Assert.Equal(DeliveryState.Sent, d.State));
        Assert.Single(app.Requests.Sends(unlucky));
        Assert.Contains(app.Logs.Lines, l => l.Contains("the claims of 1 deliveries ran out", StringComparison.Ordinal));
    }
}
