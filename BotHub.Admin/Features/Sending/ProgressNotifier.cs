namespace BotHub.Admin.Features.Sending;

public enum EngineEventKind
{
    /// <summary>Deliveries of a broadcast changed state (sent, failed, excluded, queued again...).</summary>
    Deliveries,

    /// <summary>A broadcast's own state changed (started, paused, waiting for quota, completed, cancelled).</summary>
    Broadcast,

    /// <summary>A channel was paused by the engine or resumed.</summary>
    Channel,

    /// <summary>About once a second while a channel works: its rate achieved, requests in flight and quota use (<see cref="EngineEvent.Activity"/>).</summary>
    Activity,
}

public readonly record struct EngineEvent(EngineEventKind Kind, int? BroadcastId, int? ChannelId, ChannelActivity? Activity = null);

/// <summary>
/// The engine's one in-process notifier: pages subscribe and re-read what they show. Publishing with nobody
/// subscribed costs a volatile read (DESIGN: a notifier push, not a polling timer per page).
/// </summary>
public sealed class ProgressNotifier
{
    private readonly Lock _gate = new();
    private volatile Action<EngineEvent>[] _handlers = [];

    public bool HasSubscribers => _handlers.Length > 0;

    public IDisposable Subscribe(Action<EngineEvent> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        lock (_gate)
        {
            _handlers = [.. _handlers, handler];
        }

        return new Subscription(this, handler);
    }

    public void Publish(EngineEvent e)
    {
        var handlers = _handlers;
        foreach (var handler in handlers)
        {
            handler(e);
        }
    }

    private void Unsubscribe(Action<EngineEvent> handler)
    {
        lock (_gate)
        {
            // One subscription, one entry: the same delegate subscribed twice (equal delegates) stays subscribed once.
            var i = Array.IndexOf(_handlers, handler);
            if (i >= 0)
            {
                _handlers = [.. _handlers.AsSpan(0, i), .. _handlers.AsSpan(i + 1)];
            }
        }
    }

    private sealed class Subscription(ProgressNotifier owner, Action<EngineEvent> handler) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Unsubscribe(handler);
            }
        }
    }
}
