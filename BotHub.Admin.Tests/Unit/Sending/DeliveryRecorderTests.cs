using BotHub.Admin.Data;
using BotHub.Admin.Features.Audit;
using BotHub.Admin.Features.Broadcasts;
using BotHub.Admin.Features.Channels;
using BotHub.Admin.Features.Provider;
using BotHub.Admin.Features.Sending;
using BotHub.Admin.Tests.Infrastructure;
using BotHub.Admin.Tests.Unit.Recipients;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BotHub.Admin.Tests.Unit.Sending;

/// <summary>
/// One channel worker's recording alone, on a migrated temp Sqlite file and a driven clock: a running broadcast with one
/// delivery held by the claim "engine#1", written through the engine's one writer.
/// </summary>
public sealed class DeliveryRecorderTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = RecipientServices.Now;
    private const string Claim = "engine#1";

    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;
    private readonly ProgressNotifier _notifier = new();
    private RecipientServices _s = null!;
    private EngineWriter _writer = null!;
    private DeliveryRecorder _recorder = null!;
    private SendingChannel _channel = null!;
    private WorkItem _item = null!;

    public async ValueTask InitializeAsync()
    {
        _s = await RecipientServices.CreateAsync(_ct);
        var channelId = await _s.AddChannelAsync("Shop", "UTC", _ct);
        _channel = new SendingChannel(channelId, "Shop", "+8613800000000", TimeZoneInfo.Utc, 1, 20, 20, true);
        long deliveryId;
        int broadcastId;
        await using (var db = await _s.DbAsync(_ct))
        {
            var broadcast = await db.AddBroadcastAsync(channelId, BroadcastState.Sending, Now.UtcDateTime.AddMinutes(-5), "Hello",
                BroadcastSeed.Delivery("+4915100000001", DeliveryState.Sending, "Person 1"));
            var delivery = await db.Deliveries.SingleAsync(d => d.BroadcastId == broadcast.Id, _ct);
            delivery.ClaimedBy = Claim;
            delivery.LeaseUntilUtc = Now.UtcDateTime.AddSeconds(30);
            await db.SaveChangesAsync(_ct);
            (deliveryId, broadcastId) = (delivery.Id, broadcast.Id);
            _item = new WorkItem(delivery.Id, broadcast.Id, delivery.RecipientId, delivery.Phone, delivery.MessageId!, delivery.Text, 0,
                "botchat", "text", null, null, 0, null, null, null, Checked: true) { Claim = Claim };
        }

        var factory = _s.Get<IDbContextFactory<AppDbContext>>();
        _writer = new EngineWriter(factory);
        var store = new EngineStore(factory, _writer, new EngineInstance(), Options.Create(new BspOptions()), Options.Create(new SendingOptions()), _s.Time);
        _recorder = new DeliveryRecorder(channelId, store, new KeyUsage(_writer, _s.Time), _s.Get<AuditLog>(), _notifier,
            NullLogger<SendingEngine>.Instance);
        Assert.True(deliveryId > 0 && broadcastId > 0);
    }

    public async ValueTask DisposeAsync()
    {
        await _writer.DisposeAsync();
        await _s.DisposeAsync();
    }

    private static RequestResult Result(AttemptKind kind, ProviderOutcome outcome) => new(outcome, new DeliveryAttempt
    {
        Kind = kind, ApiKeyId = 42, AtUtc = Now.UtcDateTime, Outcome = outcome.Kind, HttpStatus = outcome.HttpStatus, Code = outcome.Error?.Code,
    }, Now);

    private static readonly ProviderOutcome Accepted = new(OutcomeKind.Accepted, null, 200, TimeSpan.FromMilliseconds(90));
    private static readonly DecodedError MissingTo = DecodedError.Of(41007, message: "to missing");

    private async Task<Delivery> DeliveryAsync()
    {
        await using var db = await _s.DbAsync(_ct);
        return await db.Deliveries.AsNoTracking().SingleAsync(d => d.Id == _item.Id, _ct);
    }

    private async Task<List<(AttemptKind, OutcomeKind, int?)>> AttemptsAsync()
    {
        await using var db = await _s.DbAsync(_ct);
        return (await db.DeliveryAttempts.AsNoTracking().Where(a => a.DeliveryId == _item.Id).OrderBy(a => a.Id).ToListAsync(_ct))
            .Select(a => (a.Kind, a.Outcome, a.Code)).ToList();
    }

    [Fact]
    public async Task Sent_WrittenOnceWithItsAttempt_ASecondWriteForTheClaimNoLongerHeld_IsRefused()
    {
        var first = await _recorder.SentAsync(_item, Result(AttemptKind.Send, Accepted), _ct);
        _s.Time.Advance(TimeSpan.FromSeconds(3));
        var rejected = new ProviderOutcome(OutcomeKind.Rejected, MissingTo, 400, TimeSpan.Zero);
        var second = await _recorder.FailedAsync(_item, MissingTo, counts: true, Result(AttemptKind.Send, rejected).Attempt, _ct);

        Assert.True(first);
        Assert.False(second);
        var d = await DeliveryAsync();
        Assert.Equal((DeliveryState.Sent, (DateTime?)Now.UtcDateTime, 0, (int?)null), (d.State, d.SentUtc, d.Attempts, d.LastCode));
        Assert.Equal(((string?)null, (DateTime?)null, false), (d.ClaimedBy, d.LeaseUntilUtc, d.InRequest));
        // The request was made either way: both attempts are on record, the second changed nothing else.
        Assert.Equal([(AttemptKind.Send, OutcomeKind.Accepted, null), (AttemptKind.Send, OutcomeKind.Rejected, 41007)], await AttemptsAsync());
    }

    [Fact]
    public async Task BeginRequest_WhileTheClaimHolds_MarksItWithTheProvider_OnceOnly()
    {
        Assert.True(await _recorder.BeginRequestAsync(_item, _ct));
        Assert.False(await _recorder.BeginRequestAsync(_item, _ct)); // already with the provider

        var d = await DeliveryAsync();
        Assert.True(d.InRequest);
        Assert.Equal(Now.UtcDateTime + new BspOptions().RequestTimeout + new SendingOptions().ClaimLease, d.LeaseUntilUtc);
    }

    [Fact]
    public async Task AClaimTakenOver_NoRequestMayGo_AndItsOutcomeChangesNothing()
    {
        await using (var db = await _s.DbAsync(_ct))
        {
            await db.Deliveries.Where(d => d.Id == _item.Id).ExecuteUpdateAsync(u => u.SetProperty(d => d.ClaimedBy, "engine#2"), _ct);
        }

        Assert.False(await _recorder.BeginRequestAsync(_item, _ct));
        Assert.False(await _recorder.RetryAsync(_item, MissingTo, 2, Now.AddSeconds(4), Result(AttemptKind.Send, Accepted).Attempt, _ct));
        Assert.False(await _recorder.GiveBackAsync(_item, _ct));

        var d = await DeliveryAsync();
        Assert.Equal((DeliveryState.Sending, "engine#2", false, 0, (int?)null), (d.State, d.ClaimedBy, d.InRequest, d.Attempts, d.LastCode));
    }

    [Fact]
    public async Task Retry_RecordsTheErrorAndWhenToTryAgain_AndLetsTheClaimGo()
    {
        var refused = DecodedError.Of(80002, message: "Connection refused", requestId: "r-77");

        Assert.True(await _recorder.RetryAsync(_item, refused, 2, Now.AddSeconds(4), Result(AttemptKind.Send, Accepted).Attempt, _ct));

        var d = await DeliveryAsync();
        Assert.Equal((DeliveryState.Queued, (DateTime?)Now.UtcDateTime.AddSeconds(4), 2), (d.State, d.NextAttemptUtc, d.Attempts));
        Assert.Equal(((int?)80002, (int?)0, "Connection refused", "r-77"), (d.LastCode, d.LastSubcode, d.LastMessage, d.LastRequestId));
        Assert.Null(d.ClaimedBy);
    }

    [Fact]
    public async Task PauseChannel_PausesAndAuditsOnce_ASecondPauseChangesNothing()
    {
        var invalidKey = DecodedError.Of(10002, message: "invalid API key", requestId: "35122312158");

        var first = await _recorder.PauseChannelAsync(_channel, invalidKey, _ct);
        var second = await _recorder.PauseChannelAsync(_channel, invalidKey, _ct);

        Assert.Equal((true, false), (first, second));
        await using var db = await _s.DbAsync(_ct);
        var channel = await db.Channels.AsNoTracking().SingleAsync(c => c.Id == _channel.Id, _ct);
        Assert.Equal(((DateTime?)Now.UtcDateTime, (int?)10002, "invalid API key [request 35122312158]"),
            (channel.PausedUtc, channel.PausedCode, channel.PausedMessage));
        var audit = await db.AuditEntries.AsNoTracking().Where(a => a.Kind == AuditKind.ChannelPaused).ToListAsync(_ct);
        Assert.Equal([("system", "+8613800000000")], audit.Select(a => (a.ActorName, a.Subject)));
    }

    [Fact]
    public void DeliveryDone_AndChannelPaused_PublishTheEventsThePagesListenFor()
    {
        var seen = new List<EngineEvent>();
        using var subscription = _notifier.Subscribe(seen.Add);

        _recorder.DeliveryDone(_item);
        _recorder.ChannelPaused();

        Assert.Equal([new EngineEvent(EngineEventKind.Deliveries, _item.BroadcastId, _channel.Id), new EngineEvent(EngineEventKind.Channel, null, _channel.Id)], seen);
    }
}
