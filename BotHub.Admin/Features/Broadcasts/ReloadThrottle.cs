namespace BotHub.Admin.Features.Broadcasts;

/// <summary>
/// Coalesces pokes into reloads: at most one reload per <c>interval</c>, the first poke at once, and a poke that comes
/// too soon (or while a reload runs) kept for one trailing reload, so the last change is always shown. Reloads never
/// overlap. The clock is a <see cref="TimeProvider"/>, so tests drive it.
/// </summary>
public sealed class ReloadThrottle : IDisposable
{
    private readonly Lock _gate = new();
    private readonly TimeSpan _interval;
    private readonly TimeProvider _time;
    private readonly Func<Task> _reload;
    private readonly Action<Exception>? _onError;
    private readonly ITimer _timer;
    private long? _lastStart;
    private bool _running;
    private bool _scheduled;
    private bool _pending;
    private bool _disposed;

    /// <param name="onError">Told of a reload's exception (the throttle goes on either way).</param>
    public ReloadThrottle(TimeSpan interval, TimeProvider time, Func<Task> reload, Action<Exception>? onError = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(reload);
        _interval = interval;
        _time = time;
        _reload = reload;
        _onError = onError;
        _timer = time.CreateTimer(_ => OnTimer(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Something changed: reload now, or once the interval since the last reload has passed.</summary>
    public void Poke()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            if (_running || _scheduled)
            {
                _pending = true;
                return;
            }

            var wait = Remaining();
            if (wait > TimeSpan.Zero)
            {
                _scheduled = true;
                _timer.Change(wait, Timeout.InfiniteTimeSpan);
                return;
            }

            Begin();
        }

        _ = RunAsync();
    }

    private void OnTimer()
    {
        lock (_gate)
        {
            _scheduled = false;
            if (_disposed || _running)
            {
                return;
            }

            Begin();
        }

        _ = RunAsync();
    }

    /// <summary>Under the lock: a reload starts now; pokes from here on ask for another.</summary>
    private void Begin()
    {
        _running = true;
        _pending = false;
        _lastStart = _time.GetTimestamp();
    }

    private TimeSpan Remaining() => _lastStart is { } last ? _interval - _time.GetElapsedTime(last) : TimeSpan.Zero;

    private async Task RunAsync()
    {
        do
        {
            try
            {
                await _reload();
            }
            catch (Exception e)
            {
                // Caught so the throttle goes on; the page's reload reports its own errors to the circuit.
                _onError?.Invoke(e);
            }
        }
        while (Finish());
    }

    /// <summary>After a reload: whether to run another at once (a poke came during it, and the interval has passed).</summary>
    private bool Finish()
    {
        lock (_gate)
        {
            _running = false;
            if (!_pending || _disposed)
            {
                return false;
            }

            var wait = Remaining();
            if (wait > TimeSpan.Zero)
            {
                _pending = false;
                _scheduled = true;
                _timer.Change(wait, Timeout.InfiniteTimeSpan);
                return false;
            }

            Begin();
            return true;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
        }

        _timer.Dispose();
    }
}
