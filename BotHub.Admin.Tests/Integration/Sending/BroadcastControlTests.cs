using BotHub.Admin.Features.Audit;
using BotHub.Admin.Features.Broadcasts;
using BotHub.Admin.Features.Sending;
using BotHub.Admin.Tests.Infrastructure;
using BotHub.Admin.Tests.Integration.Compose;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static BotHub.Admin.Tests.Integration.Compose.ComposeSeed;
using BotHub.Admin.Features.Compose;
using BotHub.Admin.Features.Channels;

namespace BotHub.Admin.Tests.Integration.Sending;

/// <summary>The engine's operations as state changes in the database (the engine itself is off here).</summary>
public sealed class BroadcastControlTests : IClassFixture<ChannelTestApp>
{
    private readonly ChannelTestApp _app;

    public BroadcastControlTests(ChannelTestApp app)
    {
        _app = app;
        _app.EnsureDaytime();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private BroadcastControl Control => _app.Services.GetRequiredService<BroadcastControl>();

    private async Task<int> NewBroadcastAsync(int people = 3)
    {
        var tag = NewTag();
        await _app.SeedAsync(tag, Enumerable.Range(0, people).Select(i => new Person(LastInboundUtc: _app.Now(), Name: $"P{i}")).ToArray());
        var result = await _app.Services.GetRequiredService<BroadcastCreator>()
            .CreateAsync(Text((await _app.ChannelAsync()).Id, "Hello {{name}}", Tagged(tag)), Staff, Ct);
        return result.BroadcastId!.Value;
    }

    private async Task<(BroadcastState State, List<Delivery> Deliveries)> LoadAsync(int id)
    {
        await using var db = await _app.DbAsync();
        var state = await db.Broadcasts.Where(b => b.Id == id).Select(b => b.State).SingleAsync(Ct);
        return (state, await db.Deliveries.AsNoTracking().Where(d => d.BroadcastId == id).OrderBy(d => d.Id).ToListAsync(Ct));
    }

    private async Task SetAsync(int id, BroadcastState state, Action<List<Delivery>>? change = null)
    {
        await using var db = await _app.DbAsync();
        (await db.Broadcasts.SingleAsync(b => b.Id == id, Ct)).State = state;
        change?.Invoke(await db.Deliveries.Where(d => d.BroadcastId == id).OrderBy(d => d.Id).ToListAsync(Ct));
        await db.SaveChangesAsync(Ct);
    }

    private async Task<int> AuditCountAsync(AuditKind kind, int id)
    {
        await using var db = await _app.DbAsync();
        return await db.AuditEntries.CountAsync(a => a.Kind == kind && a.Subject == $"broadcast {id}", Ct);
    }

    [Fact]
    public async Task Pause_Twice_PausesOnce_AndWritesOneAuditEntry()
    {
        var id = await NewBroadcastAsync();

        Assert.Equal(ControlResult.Done, await Control.PauseAsync(id, Staff, Ct));
        Assert.Equal(ControlResult.Unchanged, await Control.PauseAsync(id, Staff, Ct));

        Assert.Equal(BroadcastState.Paused, (await LoadAsync(id)).State);
        Assert.Equal(1, await AuditCountAsync(AuditKind.BroadcastPaused, id));
    }

    [Fact]
    public async Task Resume_NotStarted_GoesBackToQueued_AndStarted_GoesOnSending()
    {
        var notStarted = await NewBroadcastAsync();
        var started = await NewBroadcastAsync();
        await using (var db = await _app.DbAsync())
        {
            (await db.Broadcasts.SingleAsync(b => b.Id == started, Ct)).StartedUtc = _app.Now();
            await db.SaveChangesAsync(Ct);
        }

        await Control.PauseAsync(notStarted, Staff, Ct);
        await Control.PauseAsync(started, Staff, Ct);

        Assert.Equal(ControlResult.Done, await Control.ResumeAsync(notStarted, Staff, Ct));
        Assert.Equal(ControlResult.Done, await Control.ResumeAsync(started, Staff, Ct));
        Assert.Equal(ControlResult.Unchanged, await Control.ResumeAsync(started, Staff, Ct));
        Assert.Equal(BroadcastState.Queued, (await LoadAsync(notStarted)).State);
        Assert.Equal(BroadcastState.Sending, (await LoadAsync(started)).State);
    }

    [Fact]
    public async Task PauseAndResume_OfAStartedBroadcast_AddUpTheTimeItStoodPaused_ANotStartedOneRecordsNone()
    {
        var notStarted = await NewBroadcastAsync();
        var started = await NewBroadcastAsync();
        await using (var db = await _app.DbAsync())
        {
            (await db.Broadcasts.SingleAsync(b => b.Id == started, Ct)).StartedUtc = _app.Now();
            await db.SaveChangesAsync(Ct);
        }

        await Control.PauseAsync(notStarted, Staff, Ct);
        await Control.PauseAsync(started, Staff, Ct);
        var pausedAt = _app.Now();
        _app.Clock.Advance(TimeSpan.FromSeconds(40));
        await Control.ResumeAsync(notStarted, Staff, Ct);
        await Control.ResumeAsync(started, Staff, Ct);
        await Control.PauseAsync(started, Staff, Ct);
        _app.Clock.Advance(TimeSpan.FromSeconds(5));

        await using var read = await _app.DbAsync();
        var s = await read.Broadcasts.AsNoTracking().SingleAsync(b => b.Id == started, Ct);
        var n = await read.Broadcasts.AsNoTracking().SingleAsync(b => b.Id == notStarted, Ct);
        Assert.Equal(40_000, s.PausedMs);
        Assert.Equal(pausedAt.AddSeconds(40), s.PausedUtc); // paused again: since then
        Assert.Equal((0L, (DateTime?)null), (n.PausedMs, n.PausedUtc)); // its pause was before its time counts
    }

    [Fact]
    public async Task Cancel_KeepsWhatWasSent_CancelsTheRest_AndCompletedCannotBeCancelled()
    {
        var id = await NewBroadcastAsync();
        await SetAsync(id, BroadcastState.Sending, ds => ds[0].State = DeliveryState.Sent);

        Assert.Equal(ControlResult.Done, (await Control.CancelAsync(id, Staff, Ct)).Result);
        Assert.Equal(ControlResult.Unchanged, (await Control.CancelAsync(id, Staff, Ct)).Result);

        var (state, deliveries) = await LoadAsync(id);
        Assert.Equal(BroadcastState.Cancelled, state);
        Assert.Equal([DeliveryState.Sent, DeliveryState.Cancelled, DeliveryState.Cancelled], deliveries.Select(d => d.State));
        var done = await NewBroadcastAsync();
        await SetAsync(done, BroadcastState.Completed);
        Assert.Equal(ControlResult.NotNow, (await Control.CancelAsync(done, Staff, Ct)).Result);
    }

    [Fact]
    public async Task RetryFailed_QueuesTheFailedAgainWithTheirOwnIds_AndReopensTheBroadcast()
    {
        var id = await NewBroadcastAsync();
        await SetAsync(id, BroadcastState.Completed, ds =>
        {
            ds[0].State = DeliveryState.Sent;
            ds[1].State = DeliveryState.Failed;
            ds[1].Attempts = 5;
            ds[2].State = DeliveryState.Failed;
        });
        var before = (await LoadAsync(id)).Deliveries;

        Assert.Equal(ControlResult.Done, await Control.RetryFailedAsync(id, Staff, Ct));
        Assert.Equal(ControlResult.Unchanged, await Control.RetryFailedAsync(id, Staff, Ct));

        var (state, after) = await LoadAsync(id);
        Assert.Equal(BroadcastState.Sending, state);
        Assert.Equal([DeliveryState.Sent, DeliveryState.Queued, DeliveryState.Queued], after.Select(d => d.State));
        Assert.Equal(before.Select(d => d.MessageId), after.Select(d => d.MessageId));
        Assert.Equal(0, after[1].Attempts);
    }

    [Fact]
    public async Task TestSend_MakesATestBroadcastOfOneDelivery_ThatGoesAheadOfTheQueue()
    {
        var tag = NewTag();
        var person = (await _app.SeedAsync(tag, new Person(LastInboundUtc: _app.Now(), Name: "Tess")))[0];
        var model = Text((await _app.ChannelAsync()).Id, "Hello {{name}}", Tagged(tag));

        var result = await _app.Services.GetRequiredService<TestSender>().SendAsync(model, person.Phone, Staff, Ct);

        Assert.True(result.Created, result.Error?.ToString());
        await using var db = await _app.DbAsync();
        var broadcast = await db.Broadcasts.SingleAsync(b => b.Id == result.BroadcastId, Ct);
        Assert.True(broadcast.IsTest);
        var delivery = await db.Deliveries.SingleAsync(d => d.BroadcastId == broadcast.Id, Ct);
        Assert.Equal(("Hello Tess", DeliveryState.Queued), (delivery.Text, delivery.State));
        Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Kind == AuditKind.TestSent && a.Subject == person.Phone && a.Details == $"test send to {person.Phone} (broadcast {broadcast.Id})", Ct));
    }

    [Fact]
    public async Task ResumeChannel_ClearsThePause_Once()
    {
        var channelId = (await _app.ChannelAsync()).Id;
        await using (var db = await _app.DbAsync())
        {
            var channel = await db.Channels.SingleAsync(c => c.Id == channelId, Ct);
            (channel.PausedUtc, channel.PausedCode, channel.PausedMessage) = (_app.Now(), 10002, "10002 invalid API key");
            await db.SaveChangesAsync(Ct);
        }

        Assert.Equal(ControlResult.Done, await Control.ResumeChannelAsync(channelId, Staff, Ct));
        Assert.Equal(ControlResult.Unchanged, await Control.ResumeChannelAsync(channelId, Staff, Ct));

        await using var check = await _app.DbAsync();
        var after = await check.Channels.SingleAsync(c => c.Id == channelId, Ct);
        Assert.Null(after.PausedUtc);
        Assert.Null(after.PausedCode);
    }
}
