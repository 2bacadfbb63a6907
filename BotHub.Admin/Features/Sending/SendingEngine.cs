using Microsoft.Extensions.Options;

namespace BotHub.Admin.Features.Sending;

/// <summary>
/// The hosted sending service: starts broadcasts when their time comes, runs one worker per channel with queued work,
/// settles broadcasts (expired, cancelled, completed), and on stop lets requests in flight finish and be recorded.
/// Everything queued lives in the database, so a restart carries on where it stopped.
/// </summary>
public sealed class SendingEngine(EngineStore store, ChannelWorkerFactory workers, ProgressNotifier notifier, EngineActivity activities,
    SendingSignal signal, CompletedBroadcasts completed, IOptions<SendingOptions> options, TimeProvider time, ILogger<SendingEngine> log)
    : BackgroundService
{
    private readonly Dictionary<int, (ChannelWorker Worker, Task Run)> _workers = [];
    private static readonly TimeSpan ActivityEvery = TimeSpan.FromSeconds(1);

    private readonly CancellationTokenSource _drain = new();
    private long _lastActivity;
    private long _lastRenewal;
    private long _lastExpiry;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        if (!o.Enabled)
        {
            EngineLog.Disabled(log);
            return;
        }

        var failures = 0;
        try
        {
            // Only claims whose lease ran out go back: a claim still held may be another running engine's.
            var recovered = await store.ExpireLeasesAsync(stoppingToken);
            EngineLog.Started(log, recovered);
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await TickAsync(stoppingToken);
                    failures = 0;
                    await signal.WaitAsync(o.IdlePoll, time, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    var delay = EngineBackoff.Delay(++failures);
                    EngineLog.TickFailed(log, failures, delay, e);
                    await Task.Delay(delay, time, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            _drain.CancelAfter(o.DrainTimeout);
            await Task.WhenAll(_workers.Values.Select(w => w.Run));
            foreach (var (worker, _) in _workers.Values)
            {
                worker.Dispose();
            }

            EngineLog.Stopped(log);
        }
    }

    private async Task TickAsync(CancellationToken stop)
    {
        await LeasesAsync(stop);
        await store.QueueQuotaWaitersAsync(stop);
        foreach (var id in await store.StartDueAsync(stop))
        {
            notifier.Publish(new EngineEvent(EngineEventKind.Broadcast, id, null));
        }

        var settled = await store.SettleAsync(stop);
        foreach (var id in settled.Changed)
        {
            notifier.Publish(new EngineEvent(EngineEventKind.Broadcast, id, null));
        }

        foreach (var id in settled.Completed)
        {
            completed.Add(id);
        }

        foreach (var channelId in await store.ChannelsWithWorkAsync(stop))
        {
            if (!_workers.TryGetValue(channelId, out var w))
            {
                var worker = workers.Create(channelId);
                _workers[channelId] = w = (worker, Task.Run(() => worker.RunAsync(stop, _drain.Token), CancellationToken.None));
            }

            w.Worker.Wake();
        }

        PublishActivity();
    }

    // The claims the workers still work on are renewed every third of a lease; claims whose lease ran out (a unit of work
    // that failed, an engine that stopped) go back to the queue, at most once a second.
    private async Task LeasesAsync(CancellationToken stop)
    {
        var now = time.GetTimestamp();
        if (_lastRenewal == 0 || time.GetElapsedTime(_lastRenewal, now) >= options.Value.ClaimLease / 3)
        {
            _lastRenewal = now;
            await store.RenewLeasesAsync([.. _workers.Values.SelectMany(w => w.Worker.HeldClaims())], stop);
        }

        if (_lastExpiry == 0 || time.GetElapsedTime(_lastExpiry, now) >= ActivityEvery)
        {
            _lastExpiry = now;
            if (await store.ExpireLeasesAsync(stop) is > 0 and var n)
            {
                EngineLog.LeasesExpired(log, n);
            }
        }
    }

    // About once a second: each worker's figures replace the last ones, and go out as events if a page listens.
    private void PublishActivity()
    {
        var now = time.GetTimestamp();
        if (_lastActivity != 0 && time.GetElapsedTime(_lastActivity, now) < ActivityEvery)
        {
            return;
        }

        _lastActivity = now;
        foreach (var (worker, _) in _workers.Values)
        {
            if (worker.Activity() is not { } activity)
            {
                continue;
            }

            // An idle channel's figures stay the same: no event, so the pages that show them do not render again.
            var unchanged = activities.Of(activity.ChannelId) is { } last && last with { AtUtc = activity.AtUtc } == activity;
            activities.Set(activity);
            if (!unchanged && notifier.HasSubscribers)
            {
                notifier.Publish(new EngineEvent(EngineEventKind.Activity, null, activity.ChannelId, activity));
            }
        }
    }

    public override void Dispose()
    {
        _drain.Dispose();
        base.Dispose();
    }
}

internal static partial class EngineLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Sending engine is disabled (Sending:Enabled is false): nothing will be sent")]
    public static partial void Disabled(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sending engine started; {Recovered} deliveries whose claims had run out go out again with their ids")]
    public static partial void Started(ILogger logger, int recovered);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sending engine: the claims of {Count} deliveries ran out; they go out again with their ids")]
    public static partial void LeasesExpired(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sending engine stopped; requests in flight were finished and recorded")]
    public static partial void Stopped(ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "Sending engine: a round of work failed ({Failures} in a row); trying again in {Delay}")]
    public static partial void TickFailed(ILogger logger, int failures, TimeSpan delay, Exception e);

    [LoggerMessage(Level = LogLevel.Error, Message = "Channel {ChannelId}: the worker failed; trying again in {Delay}")]
    public static partial void WorkerFailed(ILogger logger, int channelId, TimeSpan delay, Exception e);

    [LoggerMessage(Level = LogLevel.Error, Message = "Delivery {DeliveryId}: its unit of work failed; it goes back to the queue when its claim's lease runs out")]
    public static partial void DeliveryFailed(ILogger logger, long deliveryId, Exception e);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Channel {Bot} paused: the provider answered {Error}. An admin must fix the channel, then resume it")]
    public static partial void ChannelPaused(ILogger logger, string bot, Provider.DecodedError error);
}
