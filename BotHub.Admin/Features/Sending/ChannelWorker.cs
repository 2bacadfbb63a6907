using System.Collections.Concurrent;
using BotHub.Admin.Features.Channels;
using Microsoft.Extensions.Options;

namespace BotHub.Admin.Features.Sending;

/// <summary>
/// Sends one channel's queued deliveries: decides each again (eligibility now, today's quota), then checks the user if the
/// channel has not, and sends, every request paced by the channel's bucket, several in flight at once (bounded).
/// Requests in flight when the app stops are finished and recorded (they run on the drain token, not the stop token).
/// </summary>
public sealed partial class ChannelWorker : IDisposable
{
    private readonly int _channelId;
    private readonly ChannelPace _pace;
    private readonly ChannelMeters _meters;
    private readonly ChannelQuota _quota;
    private readonly ProviderCall _provider;
    private readonly DeliveryRecorder _recorder;
    private readonly EngineStore _store;
    private readonly SendingChannels _channels;
    private readonly ChannelDirectory _directory;
    private readonly SendingOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<SendingEngine> _log;
    private readonly SemaphoreSlim _inFlight;
    private readonly SendingSignal _wake = new();
    private readonly List<Task> _running = [];

    // The claims this worker works on now: their leases are renewed; a claim whose unit of work failed leaves this set.
    private readonly ConcurrentDictionary<long, string> _held = new();
    private static readonly TimeSpan TargetFreshFor = TimeSpan.FromSeconds(1);

    private Target? _target;
    private long _targetReadAt;

    // Set when this worker paused the channel: claimed deliveries not yet sent go back without a request.
    private volatile bool _paused;

    /// <summary>Made by <see cref="ChannelWorkerFactory"/>: the channel's own pieces, and the engine's services from the container.</summary>
    public ChannelWorker(int channelId, ChannelPace pace, ChannelMeters meters, ChannelQuota quota, ProviderCall provider, DeliveryRecorder recorder,
        EngineStore store, SendingChannels channels, ChannelDirectory directory, IOptions<SendingOptions> options, TimeProvider time,
        ILogger<SendingEngine> log)
    {
        ArgumentNullException.ThrowIfNull(options);
        (_channelId, _pace, _meters, _quota, _provider, _recorder) = (channelId, pace, meters, quota, provider, recorder);
        (_store, _channels, _directory, _options, _time, _log) = (store, channels, directory, options.Value, time, log);
        _inFlight = new SemaphoreSlim(_options.MaxInFlightPerChannel, _options.MaxInFlightPerChannel);
    }

    public int ChannelId => _channelId;

    /// <summary>What the worker is doing now, for the progress events; null before it has read its channel.</summary>
    public ChannelActivity? Activity()
    {
        if (_pace.Bucket is not { } bucket)
        {
            return null;
        }

        var (requests, users) = _meters.Rates();
        var quota = _quota.Figures;
        return new ChannelActivity(_channelId, requests, users, bucket.RatePerSecond,
            _options.MaxInFlightPerChannel - _inFlight.CurrentCount, quota?.Day ?? default, quota?.Used ?? 0, quota?.Limit ?? 0,
            _paused, _time.GetUtcNow(), _meters.BroadcastRates(), _pace.HeldSince, _pace.LastError, _meters.Latency());
    }

    /// <summary>The claims this worker still works on (for the renewal of their leases).</summary>
    public IReadOnlyCollection<(long Id, string Claim)> HeldClaims() => [.. _held.Select(kv => (kv.Key, kv.Value))];

    /// <summary>New work for this channel: look now rather than at the next poll.</summary>
    public void Wake() => _wake.Raise();

    /// <param name="stop">Stops taking new work.</param>
    /// <param name="drain">Cancels requests in flight; cancelled only when draining took too long.</param>
    public async Task RunAsync(CancellationToken stop, CancellationToken drain)
    {
        var failures = 0;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    var worked = await WorkOnceAsync(stop, drain);
                    failures = 0;
                    if (!worked)
                    {
                        await WaitAsync(_pace.IdleWait(_options.IdlePoll * 10), stop);
                    }
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    var delay = EngineBackoff.Delay(++failures);
                    EngineLog.WorkerFailed(_log, _channelId, delay, e);
                    await Task.Delay(delay, _time, stop);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        finally
        {
            Task[] running;
            lock (_running)
            {
                running = [.. _running];
            }

            await Task.WhenAll(running);
        }
    }

    /// <returns>False when there was nothing to do.</returns>
    private async Task<bool> WorkOnceAsync(CancellationToken stop, CancellationToken drain)
    {
        if (await TargetAsync(stop) is not { } target)
        {
            return false;
        }

        // While the channel holds, only a probe goes out, one every few seconds.
        var probe = _pace.Held;
        if (probe && !_pace.ProbeDue())
        {
            return false;
        }

        // The one bucket of the channel, its rate and burst set in place (shared with the keys page's key test).
        _pace.Use(target.Channel);

        // Claim no more than can start now, so a claimed delivery waits for nothing but its token.
        await _inFlight.WaitAsync(stop);
        var free = _inFlight.CurrentCount + 1;
        _inFlight.Release();
        // Once written, a claim is worked or given back: it is not abandoned to a stop (drain is cancelled only when draining overran).
        var items = await _store.ClaimAsync(_channelId, probe ? 1 : free, drain);
        if (items.Count == 0)
        {
            return false;
        }

        if (probe)
        {
            _pace.ProbeStarted();
        }

        foreach (var item in items)
        {
            _held[item.Id] = item.Claim;
        }

        foreach (var item in items)
        {
            if (stop.IsCancellationRequested)
            {
                // Claimed but not started: back to the queue now rather than when its lease runs out.
                await _recorder.GiveBackAsync(item, drain);
                _held.TryRemove(item.Id, out _);
                continue;
            }

            await _inFlight.WaitAsync(drain);
            var task = RunOneAsync(item, target, probe, drain);
            lock (_running)
            {
                _running.Add(task);
            }

            _ = task.ContinueWith(t =>
            {
                lock (_running)
                {
                    _running.Remove(t);
                }
            }, TaskScheduler.Default);
        }

        return true;
    }

    // The channel's settings and key, read again at most once a second (a claim itself skips a paused channel).
    private async Task<Target?> TargetAsync(CancellationToken stop)
    {
        var now = _time.GetTimestamp();
        if (_targetReadAt != 0 && _time.GetElapsedTime(_targetReadAt, now) < TargetFreshFor && !_paused)
        {
            return _target;
        }

        _targetReadAt = now;
        _target = null;
        var channel = await _channels.FindAsync(_channelId, stop);
        _paused = channel is null || await _store.IsPausedAsync(_channelId, stop);
        if (channel is null || _paused)
        {
            return null;
        }

        var info = await _directory.FindAsync(channel.BotPhone, stop);
        // The newest enabled key sends: a key added to rotate takes over at once, while older ones stay valid until disabled.
        return _target = info is { EnabledApiKeys.Count: > 0 } ? new Target(channel, new SendingKey(info.EnabledApiKeys[0], info.EnabledApiKeyIds[0])) : null;
    }

    private async Task RunOneAsync(WorkItem item, Target context, bool probe, CancellationToken drain)
    {
        try
        {
            await ProcessAsync(item, context, probe, drain);
        }
        catch (Exception e) when (e is not OperationCanceledException || drain.IsCancellationRequested)
        {
            // Its claim stays until the lease runs out; then the delivery goes back to the queue with its id.
            EngineLog.DeliveryFailed(_log, item.Id, e);
        }
        finally
        {
            _held.TryRemove(item.Id, out _);
            if (probe)
            {
                _pace.ProbeEnded();
            }

            _inFlight.Release();
            _recorder.DeliveryDone(item);
        }
    }

    // The engine wakes the worker when its channel has due work (each poll, or at once for new work); the worker's own
    // look every ten polls is a safety net. Polling each channel's queue itself cost a core at 50 channels.
    private Task WaitAsync(TimeSpan atMost, CancellationToken stop) => _wake.WaitAsync(atMost, _time, stop);

    public void Dispose()
    {
        _quota.Dispose();
        _inFlight.Dispose();
        _wake.Dispose();
    }

    // What a claimed delivery is sent with: the channel's settings and the key its requests carry.
    private sealed record Target(SendingChannel Channel, SendingKey Key);
}
