using BotHub.Admin.Features.Audit;
using BotHub.Admin.Features.Broadcasts;
using BotHub.Admin.Features.Sending;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BotHub.Admin.Tests.Integration.Sending;

/// <summary>
/// The pairs of writers that can meet on a broadcast or a delivery, raced: the engine's steps (start, claim, start a
/// request, record an outcome, settle, take back an expired claim) against what staff do (pause, cancel, retry). The
/// engine itself is off, so each side is called directly, many times at once; the database decides who wins, and the
/// loser changes nothing.
/// </summary>
public sealed class EngineRaceTests(EngineOffTestApp app) : IClassFixture<EngineOffTestApp>
{
    private const int Rounds = 12;
    private static readonly AuditActor Staff = new("user-1", "staff@test.local", "127.0.0.1");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private EngineStore Store => app.Services.GetRequiredService<EngineStore>();

    private BroadcastControl Control => app.Services.GetRequiredService<BroadcastControl>();

    /// <summary><paramref name="count"/> broadcasts of 8 deliveries each, on a channel of their own; started when asked.</summary>
    private async Task<(int ChannelId, List<int> Broadcasts)> BroadcastsAsync(int count, bool started)
    {
        var (channelId, bot) = await app.CreateChannelAsync(Ct);
        var users = EngineTestApp.NewUsers(8);
        await app.WriteInAsync(bot, users, Ct);
        var ids = new List<int>();
        for (var i = 0; i < count; i++)
        {
            ids.Add(await app.BroadcastAsync(channelId, users, Ct));
        }

        if (started)
        {
            Assert.Superset(ids.ToHashSet(), (await Store.StartDueAsync(Ct)).ToHashSet());
        }

        return (channelId, ids);
    }

    private async Task<Dictionary<DeliveryState, int>> StatesAsync(int broadcastId)
    {
        await using var db = await app.DbAsync(Ct);
        return await db.Deliveries.Where(d => d.BroadcastId == broadcastId).GroupBy(d => d.State)
            .ToDictionaryAsync(g => g.Key, g => g.Count(), Ct);
    }

    private async Task<BroadcastState> StateAsync(int broadcastId)
    {
        await using var db = await app.DbAsync(Ct);
        return await db.Broadcasts.Where(b => b.Id == broadcastId).Select(b => b.State).SingleAsync(Ct);
    }

    /// <summary>Starts both at once from a common gate, so neither is reliably first.</summary>
    private static async Task<(TA, TB)> RaceAsync<TA, TB>(Func<Task<TA>> a, Func<Task<TB>> b)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var ta = Task.Run(async () => { await gate.Task; return await a(); }, Ct);
        var tb = Task.Run(async () => { await gate.Task; return await b(); }, Ct);
        gate.SetResult();
        return (await ta, await tb);
    }

    [Fact]
    public async Task StartDue_RacingPause_APauseThatReturnedDoneIsNeverOverwrittenBySending()
    {
        var (_, ids) = await BroadcastsAsync(Rounds, started: false);
        var outcomes = await Task.WhenAll(ids.Select(id => RaceAsync(() => Store.StartDueAsync(Ct), () => Control.PauseAsync(id, Staff, Ct))));

        foreach (var (id, (_, paused)) in ids.Zip(outcomes))
        {
            Assert.Equal(ControlResult.Done, paused);
            Assert.Equal(BroadcastState.Paused, await StateAsync(id));
        }
    }

    [Fact]
    public async Task Claim_RacingCancel_EveryDeliveryOfTheCancelIsCancelled_AndAClaimMadeBeforeItCanStartNoRequest()
    {
        var (channelId, ids) = await BroadcastsAsync(Rounds, started: true);
        foreach (var id in ids)
        {
            var (claimed, cancel) = await RaceAsync(() => Store.ClaimAsync(channelId, 5, Ct), () => Control.CancelAsync(id, Staff, Ct));

            Assert.Equal(ControlResult.Done, cancel.Result);
            Assert.Equal(0, cancel.WithProvider);
            foreach (var item in claimed.Where(i => i.BroadcastId == id))
            {
                Assert.False(await Store.StartRequestAsync(item, Ct), "a request started for a cancelled broadcast");
            }

            var states = await StatesAsync(id);
            Assert.Equal(cancel.Cancelled, states.GetValueOrDefault(DeliveryState.Cancelled));
            Assert.Equal(8, cancel.Cancelled);
            // The claims of the other broadcasts go back for the next round.
            foreach (var item in claimed.Where(i => i.BroadcastId != id))
            {
                Assert.True(await Store.GiveBackAsync(item, Ct));
            }
        }
    }

    [Fact]
    public async Task StartRequest_RacingPause_ARequestStartsOnlyIfItCommittedFirst_AndThePauseCountsExactlyThose()
    {
        var (channelId, ids) = await BroadcastsAsync(Rounds, started: true);
        foreach (var id in ids)
        {
            var items = (await Store.ClaimAsync(channelId, 8, Ct)).Where(i => i.BroadcastId == id).ToList();
            Assert.Equal(8, items.Count);
            var (started, paused) = await RaceAsync(() => Task.WhenAll(items.Select(i => Store.StartRequestAsync(i, Ct))),
                () => Control.PauseAsync(id, Staff, Ct));

            Assert.Equal(ControlResult.Done, paused);
            await using var db = await app.DbAsync(Ct);
            var rows = await db.Deliveries.Where(d => d.BroadcastId == id).ToDictionaryAsync(d => d.Id, Ct);
            foreach (var (item, ok) in items.Zip(started))
            {
                // Started: with the provider, still claimed. Refused: given back to the queue by the pause, unclaimed.
                Assert.Equal(ok ? (true, item.Claim, DeliveryState.Checking) : (false, null, DeliveryState.Queued),
                    (rows[item.Id].InRequest, rows[item.Id].ClaimedBy, rows[item.Id].State));
            }

            var n = started.Count(ok => ok);
            var audit = await db.AuditEntries.Where(a => a.Kind == AuditKind.BroadcastPaused && a.Subject == $"broadcast {id}").Select(a => a.Details).SingleAsync(Ct);
            Assert.Equal(n > 0 ? $"{n} requests were with the provider" : null, audit);
        }
    }

    [Fact]
    public async Task OutcomeOfAnExpiredClaim_RacingItsTakeOver_OnlyTheNewClaimWrites()
    {
        var (channelId, ids) = await BroadcastsAsync(1, started: true);
        var first = await Store.ClaimAsync(channelId, 8, Ct);
        foreach (var item in first)
        {
            Assert.True(await Store.StartRequestAsync(item, Ct));
        }

        await using (var db = await app.DbAsync(Ct))
        {
            // The first claimant froze: its leases ran out.
            await db.Deliveries.Where(d => d.BroadcastId == ids[0]).ExecuteUpdateAsync(u => u.SetProperty(d => d.LeaseUntilUtc, DateTime.UtcNow.AddMinutes(-1)), Ct);
        }

        Assert.Equal(8, await Store.ExpireLeasesAsync(Ct));
        var second = await Store.ClaimAsync(channelId, 8, Ct);
        Assert.Equal(first.Select(i => i.Id).Order(), second.Select(i => i.Id).Order());
        var byId = second.ToDictionary(i => i.Id);

        var outcomes = await Task.WhenAll(first.Select(stale => RaceAsync(
            () => Store.SaveAsync(stale, d => d.State = DeliveryState.Failed, null, Ct),
            () => Store.StartRequestAsync(byId[stale.Id], Ct))));

        Assert.All(outcomes, o => Assert.Equal((false, true), o));
        var states = await StatesAsync(ids[0]);
        Assert.Equal(8, states.GetValueOrDefault(DeliveryState.Checking));
        Assert.True(await Store.SaveAsync(second[0], d => d.State = DeliveryState.Sent, null, Ct));
    }

    [Fact]
    public async Task RetryFailed_RacingCancel_NothingIsQueuedInACancelledBroadcast_AndTheCancelCountsWhatItStopped()
    {
        var (_, ids) = await BroadcastsAsync(Rounds, started: true);
        await using (var db = await app.DbAsync(Ct))
        {
            await db.Deliveries.Where(d => ids.Contains(d.BroadcastId)).ExecuteUpdateAsync(u => u.SetProperty(d => d.State, DeliveryState.Failed), Ct);
        }

        var outcomes = await Task.WhenAll(ids.Select(id => RaceAsync(() => Control.RetryFailedAsync(id, Staff, Ct), () => Control.CancelAsync(id, Staff, Ct))));
        await Store.SettleAsync(Ct);

        foreach (var (id, (retry, cancel)) in ids.Zip(outcomes))
        {
            Assert.Equal(ControlResult.Done, cancel.Result);
            Assert.Equal(BroadcastState.Cancelled, await StateAsync(id));
            var states = await StatesAsync(id);
            Assert.Equal(0, states.GetValueOrDefault(DeliveryState.Queued));
            // Retried first: the cancel stopped all 8; otherwise the retry found the broadcast cancelled and the 8 stay failed.
            Assert.Equal(retry == ControlResult.Done ? (8, 0) : (0, 8),
                (states.GetValueOrDefault(DeliveryState.Cancelled), states.GetValueOrDefault(DeliveryState.Failed)));
            Assert.Equal(states.GetValueOrDefault(DeliveryState.Cancelled), cancel.Cancelled);
        }
    }

    [Fact]
    public async Task Settle_RacingRetryFailed_ABroadcastWithQueuedDeliveriesIsNeverLeftCompleted()
    {
        var (_, ids) = await BroadcastsAsync(Rounds, started: true);
        await using (var db = await app.DbAsync(Ct))
        {
            await db.Deliveries.Where(d => ids.Contains(d.BroadcastId)).ExecuteUpdateAsync(u => u.SetProperty(d => d.State, DeliveryState.Failed), Ct);
        }

        var outcomes = await Task.WhenAll(ids.Select(id => RaceAsync(async () => (await Store.SettleAsync(Ct)).Changed, () => Control.RetryFailedAsync(id, Staff, Ct))));

        foreach (var (id, (_, retry)) in ids.Zip(outcomes))
        {
            Assert.Equal(ControlResult.Done, retry);
            Assert.Equal(8, (await StatesAsync(id)).GetValueOrDefault(DeliveryState.Queued));
            Assert.Equal(BroadcastState.Sending, await StateAsync(id));
        }
    }
}
