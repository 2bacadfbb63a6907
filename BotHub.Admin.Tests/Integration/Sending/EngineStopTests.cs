using System.Globalization;
using BotHub.Admin.Features.Audit;
using BotHub.Admin.Features.Broadcasts;
using BotHub.Admin.Features.Sending;
using BotHub.Admin.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BotHub.Admin.Tests.Integration.Sending;

/// <summary>
/// Stop means stop: with the provider answering in 3 s and 16 requests of a channel in flight, Pause and Cancel are
/// obeyed from the moment they return. The requests already with the provider are recorded as their answers say, and the
/// page's figures, the cancel's promise and its audit entry agree.
/// </summary>
public sealed class EngineStopTests(EngineTestApp app) : IClassFixture<EngineTestApp>
{
    private static readonly AuditActor Staff = new("user-1", "staff@test.local", "127.0.0.1");
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(1);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private BroadcastControl Control => app.Services.GetRequiredService<BroadcastControl>();

    private BroadcastQuery Query => app.Services.GetRequiredService<BroadcastQuery>();

    /// <summary>A channel whose 60 users wrote in, and a broadcast to them under way with 16 slow requests out.</summary>
    /// <param name="sendsOut">Wait until messages themselves (not only checks) are with the provider.</param>
    private async Task<(int BroadcastId, string Bot, string[] Users)> SlowSendAsync(bool sendsOut)
    {
        var (channelId, bot) = await app.CreateChannelAsync(Ct);
        var users = EngineTestApp.NewUsers(60);
        await app.WriteInAsync(bot, users, Ct);
        await app.SetFaultsAsync("""{"latency_mean_ms":3000}""", Ct);
        var id = await app.BroadcastAsync(channelId, users, Ct);
        await app.WaitUntilAsync(async db => app.Requests.All.Count(r => r.Bot == bot) >= 16
            && (!sendsOut || await db.Deliveries.AnyAsync(d => d.BroadcastId == id && d.State == DeliveryState.Sending && d.InRequest, Ct)), "16 requests out", Ct);
        return (id, bot, users);
    }

    private static string Late(IEnumerable<ProviderRequest> late) =>
        string.Join(", ", late.Select(r => $"{(r.IsCheck ? "check" : "send")} to {r.To} at {r.At:HH:mm:ss.fff}"));

    [Fact]
    public async Task Pause_WithSixteenSlowRequestsOut_NoRequestStartsAfterItReturns_StoppingUntilTheirAnswers_ThenResumeReachesEveryoneOnce()
    {
        var (id, bot, users) = await SlowSendAsync(sendsOut: false);
        try
        {
            Assert.Equal(ControlResult.Done, await Control.PauseAsync(id, Staff, Ct));
            var returned = DateTimeOffset.UtcNow;
            var stopping = await Query.FindAsync(id, Ct);
            Assert.Equal(BroadcastState.Paused, stopping!.Broadcast.State);
            Assert.InRange(stopping.WithProvider, 1, 16);

            // The answers come 3 s after their requests; wait for them, then 2 s more in which nothing may start.
            await app.WaitUntilAsync(async db => !await db.Deliveries.AnyAsync(d => d.BroadcastId == id && d.InRequest, Ct), "the answers", Ct);
            await Task.Delay(TimeSpan.FromSeconds(2), Ct);
            var late = app.Requests.All.Where(r => r.Bot == bot && r.At > returned + Grace).ToList();
            var after = app.Requests.All.Count(r => r.Bot == bot && r.At > returned);
            TestContext.Current.TestOutputHelper?.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"pause: {stopping.WithProvider} with the provider when it returned; requests started after it returned: {after}, more than {Grace.TotalSeconds:0} s after: {late.Count}"));
            Assert.True(late.Count == 0, $"requests after the pause: {Late(late)}");
            var paused = await Query.FindAsync(id, Ct);
            Assert.Equal((0, 0, 0), (paused!.WithProvider, paused.ByState.GetValueOrDefault(DeliveryState.Checking), paused.ByState.GetValueOrDefault(DeliveryState.Sending)));
            var audit = await AuditAsync(AuditKind.BroadcastPaused, id);
            Assert.Equal($"{stopping.WithProvider} requests were with the provider", audit);
        }
        finally
        {
            await app.SetFaultsAsync("{}", Ct);
        }

        Assert.Equal(ControlResult.Done, await Control.ResumeAsync(id, Staff, Ct));
        await app.WaitSettledAsync(id, Ct);
        var done = await Query.FindAsync(id, Ct);
        Assert.Equal(60, done!.ByState.GetValueOrDefault(DeliveryState.Sent));
        Assert.All(users, u => Assert.Single(app.Requests.Sends(u)));
        Assert.Equal(60, (int)(await app.StatsAsync(bot, Ct))["accepted"]!);
    }

    [Fact]
    public async Task Cancel_WithSixteenSlowRequestsOut_NothingStartsAfter_ThePromiseThePageAndTheAuditGiveTheSameCounts()
    {
        var (id, bot, _) = await SlowSendAsync(sendsOut: true);
        CancelResult result;
        DateTimeOffset returned;
        try
        {
            var before = await Query.FindAsync(id, Ct);
            result = await Control.CancelAsync(id, Staff, Ct);
            returned = DateTimeOffset.UtcNow;
            Assert.Equal(ControlResult.Done, result.Result);
            Assert.InRange(result.WithProvider, 1, 16);
            Assert.True(result.Cancelled > 0);
            Assert.True(before!.Unsent >= result.Cancelled, "the dialog's figure read before the cancel is at least what it cancelled");

            await app.WaitUntilAsync(async db => !await db.Deliveries.AnyAsync(d => d.BroadcastId == id && d.InRequest, Ct), "the answers", Ct);
            await Task.Delay(TimeSpan.FromSeconds(2), Ct);
        }
        finally
        {
            await app.SetFaultsAsync("{}", Ct);
        }

        var late = app.Requests.All.Where(r => r.Bot == bot && r.At > returned + Grace).ToList();
        Assert.True(late.Count == 0, $"requests after the cancel: {Late(late)}");
        await app.Services.GetRequiredService<EngineStore>().SettleAsync(Ct);
        var after = await Query.FindAsync(id, Ct);
        var stats = await app.StatsAsync(bot, Ct);
        Assert.NotNull(after);
        var states = string.Join(", ", after.ByState.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key} {kv.Value}"));
        TestContext.Current.TestOutputHelper?.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"cancel: promised {result.Cancelled} cancelled and {result.WithProvider} with the provider; the page: {states}; provider accepted {stats["accepted"]}"));
        Assert.Equal(result.Cancelled, after.ByState.GetValueOrDefault(DeliveryState.Cancelled));
        Assert.Equal(60, after.ByState.GetValueOrDefault(DeliveryState.Cancelled) + after.ByState.GetValueOrDefault(DeliveryState.Sent)
            + after.ByState.GetValueOrDefault(DeliveryState.Failed));
        Assert.Equal((int)stats["accepted"]!, after.ByState.GetValueOrDefault(DeliveryState.Sent));
        Assert.Equal(BroadcastState.Cancelled, after.Broadcast.State);
        var audit = await AuditAsync(AuditKind.BroadcastCancelled, id);
        Assert.Equal(result.WithProvider > 0
            ? $"{result.Cancelled} deliveries cancelled; {result.WithProvider} were with the provider"
            : $"{result.Cancelled} deliveries cancelled", audit);
    }

    private async Task<string?> AuditAsync(AuditKind kind, int broadcastId)
    {
        await using var db = await app.DbAsync(Ct);
        return await db.AuditEntries.Where(a => a.Kind == kind && a.Subject == $"broadcast {broadcastId}").Select(a => a.Details).SingleAsync(Ct);
    }
}
