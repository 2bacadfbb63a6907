using System.Globalization;
using BotHub.Admin.Features.Sending;

namespace BotHub.Admin.Features.Broadcasts.Live;

/// <summary>
/// Turns a page's stream of engine events into at most one refresh per interval (4 a second by default): the first
/// event after a quiet spell refreshes at once, events while one is due are folded into it, and the last event is never
/// lost. Nothing runs between events, so a page costs nothing while the engine is idle. Runs on the app's TimeProvider.
/// The refresh runs in the page's language: events come from the engine's threads, whose culture is not the user's.
/// </summary>
public sealed class LiveRefresh : IDisposable
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(250);

    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly Func<Task> _refresh;
    private readonly Action<Exception>? _failed;
    private readonly TimeSpan _interval;
    private readonly CultureInfo _culture = CultureInfo.CurrentCulture;
    private readonly CultureInfo _uiCulture = CultureInfo.CurrentUICulture;
    private ITimer? _timer;
    private long _lastRun;
    private bool _due;
    private bool _running;
    private bool _disposed;

    /// <param name="refresh">Reads again and renders; it is never run twice at once.</param>
    /// <param name="failed">Told when a refresh throws (the next event tries again).</param>
    public LiveRefresh(TimeProvider time, Func<Task> refresh, Action<Exception>? failed = null, TimeSpan? interval = null)
    {
        _time = time;
        _refresh = refresh;
        _failed = failed;
        _interval = interval ?? DefaultInterval;
    }

    /// <summary>How many refreshes ran (for the watchers' benchmark).</summary>
    public int Refreshes { get; private set; }

    /// <summary>Something changed: refresh now, or when the interval since the last refresh is over.</summary>
    public void Poke()
    {
        lock (_gate)
        {
            if (_disposed || _due)
            {
                return;
            }

            _due = true;
            Schedule();
        }
    }

    // Under the gate: the next refresh an interval after the last one began, or now.
    private void Schedule()
    {
        var wait = _lastRun == 0 ? TimeSpan.Zero : _interval - _time.GetElapsedTime(_lastRun);
        _timer ??= _time.CreateTimer(_ => _ = RunAsync(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _timer.Change(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
    }

    private async Task RunAsync()
    {
        lock (_gate)
        {
            // One still running (slower than the interval) stays the only one: it schedules the due one when it ends.
            if (_disposed || _running)
            {
                return;
            }

            // Cleared before the refresh reads: an event during it schedules the next one.
            _due = false;
            _running = true;
            _lastRun = _time.GetTimestamp();
            Refreshes++;
        }

        try
        {
            // Flows into the page's InvokeAsync, and so into what it renders.
            CultureInfo.CurrentCulture = _culture;
            CultureInfo.CurrentUICulture = _uiCulture;
            await _refresh();
        }
        catch (Exception e)
        {
            _failed?.Invoke(e);
        }
        finally
        {
            lock (_gate)
            {
                _running = false;
                if (_due && !_disposed)
                {
                    Schedule();
                }
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _timer?.Dispose();
        }
    }
}

internal static partial class BroadcastPageLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Broadcast {BroadcastId}: refreshing the live page failed; the next change tries again")]
    public static partial void RefreshFailed(ILogger logger, int broadcastId, Exception e);
}
