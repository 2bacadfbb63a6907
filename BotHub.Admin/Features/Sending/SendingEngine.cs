using Microsoft.Extensions.Options;

namespace BotHub.Admin.Features.Sending;

/// <summary>
/// The hosted sending service: starts broadcasts when their time comes, runs one worker per channel with queued work,
/// settles broadcasts (expired, cancelled, completed), and on stop lets requests in flight finish and be recorded.
/// Everything queued lives in the database, so a restart carries on where it stopped.
/// </summary>
public sealed class SendingEngine(EngineServices services, SendingSignal signal, IOptions<SendingOptions> options) : BackgroundService
{
    private readonly Dictionary<int, (ChannelWorker Worker, Task Run)> _workers = [];
    private static readonly TimeSpan ActivityEvery = TimeSpan.FromSeconds(1);

    private readonly CancellationTokenSource _drain = new();
    private long _lastActivity;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        if (!o.Enabled)
        {
            EngineLog.Disabled(services.Log);
            return;
        }

        var recovered = await services.Store.RecoverInFlightAsync(stoppingToken);
        EngineLog.Started(services.Log, recovered);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await TickAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    EngineLog.TickFailed(services.Log, e);
                }

                await signal.WaitAsync(o.IdlePoll, services.Time, stoppingToken);
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

            EngineLog.Stopped(services.Log);
        }
    }

    private async Task TickAsync(CancellationToken stop)
    {
        foreach (var id in await services.Store.StartDueAsync(stop))
        {
            services.Notifier.Publish(new EngineEvent(EngineEventKind.Broadcast, id, null));
        }

        foreach (var id in await services.Store.SettleAsync(stop))
        {
            services.Notifier.Publish(new EngineEvent(EngineEventKind.Broadcast, id, null));
        }

        foreach (var channelId in await services.Store.ChannelsWithWorkAsync(stop))
        {
            if (!_workers.TryGetValue(channelId, out var w))
            {
                var worker = new ChannelWorker(channelId, services);
                _workers[channelId] = w = (worker, Task.Run(() => worker.RunAsync(stop, _drain.Token), CancellationToken.None));
            }

            w.Worker.Wake();
        }

        PublishActivity();
    }

    // About once a second: each worker's figures replace the last ones, and go out as events if a page listens.
    private void PublishActivity()
    {
        var now = services.Time.GetTimestamp();
        if (_lastActivity != 0 && services.Time.GetElapsedTime(_lastActivity, now) < ActivityEvery)
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
            var unchanged = services.Activity.Of(activity.ChannelId) is { } last && last with { AtUtc = activity.AtUtc } == activity;
            services.Activity.Set(activity);
            if (!unchanged && services.Notifier.HasSubscribers)
            {
                services.Notifier.Publish(new EngineEvent(EngineEventKind.Activity, null, activity.ChannelId, activity));
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Sending engine started; {Recovered} deliveries in flight at the last stop go out again with their ids")]
    public static partial void Started(ILogger logger, int recovered);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sending engine stopped; requests in flight were finished and recorded")]
    public static partial void Stopped(ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "Sending engine: a round of work failed; trying again")]
    public static partial void TickFailed(ILogger logger, Exception e);

    [LoggerMessage(Level = LogLevel.Error, Message = "Channel {ChannelId}: the worker failed; trying again")]
    public static partial void WorkerFailed(ILogger logger, int channelId, Exception e);

    [LoggerMessage(Level = LogLevel.Error, Message = "Delivery {DeliveryId}: recording its outcome failed; it goes out again after a restart")]
    public static partial void DeliveryFailed(ILogger logger, long deliveryId, Exception e);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Channel {Bot} paused: the provider answered {Error}. An admin must fix the channel, then resume it")]
    public static partial void ChannelPaused(ILogger logger, string bot, Provider.DecodedError error);
}
