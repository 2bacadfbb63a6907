namespace BotHub.Admin.Features.Sending;

/// <summary>
/// Requests and users reached per second on one channel, over the last few whole seconds on the app's
/// <see cref="TimeProvider"/>: the "rate achieved" the progress pages show against the channel's limit; and how long the
/// provider took to answer over the same seconds, which the time-left estimate adds for the last requests. Thread-safe.
/// </summary>
public sealed class ChannelMeter(TimeProvider time)
{
    /// <summary>The rate is averaged over this many whole seconds (fewer while the channel has just started).</summary>
    public const int WindowSeconds = 5;

    private readonly Lock _gate = new();
    private readonly Slot[] _slots = new Slot[WindowSeconds + 1];
    private long _firstSecond = -1;
    private long _lastSecond = -1;

    public void Request() => Add(requests: 1, users: 0);

    /// <summary>A message accepted for a user (the user is reached).</summary>
    public void Reached() => Add(requests: 0, users: 1);

    /// <summary>An answer from the provider that took <paramref name="latency"/> from request to answer.</summary>
    public void Answered(TimeSpan latency)
    {
        var now = Second();
        lock (_gate)
        {
            ref var slot = ref SlotOf(now);
            slot.Answers++;
            slot.LatencyMs += Math.Max(0, latency.TotalMilliseconds);
        }
    }

    /// <summary>The mean time the provider took to answer over the window (this second included); null when nothing was answered.</summary>
    public TimeSpan? Latency()
    {
        var now = Second();
        long answers = 0;
        double total = 0;
        lock (_gate)
        {
            foreach (var s in _slots)
            {
                if (s.Second <= now && s.Second >= now - WindowSeconds)
                {
                    answers += s.Answers;
                    total += s.LatencyMs;
                }
            }
        }

        return answers == 0 ? null : TimeSpan.FromMilliseconds(total / answers);
    }

    /// <summary>Requests/s and users/s over the last whole seconds (the current one is not over yet).</summary>
    public (double RequestsPerSecond, double UsersPerSecond) Rates()
    {
        var now = Second();
        long requests = 0, users = 0;
        lock (_gate)
        {
            if (_firstSecond < 0)
            {
                return (0, 0);
            }

            foreach (var s in _slots)
            {
                if (s.Second < now && s.Second >= now - WindowSeconds)
                {
                    requests += s.Requests;
                    users += s.Users;
                }
            }

            var seconds = Math.Clamp(now - _firstSecond, 1, WindowSeconds);
            return (requests / (double)seconds, users / (double)seconds);
        }
    }

    /// <summary>Nothing counted over the whole window: the rates are 0 and stay so until something new is counted.</summary>
    public bool Quiet()
    {
        var now = Second();
        lock (_gate)
        {
            return _lastSecond < now - WindowSeconds;
        }
    }

    private void Add(int requests, int users)
    {
        var now = Second();
        lock (_gate)
        {
            if (_firstSecond < 0)
            {
                _firstSecond = now;
            }

            _lastSecond = now;

            ref var slot = ref SlotOf(now);
            slot.Requests += requests;
            slot.Users += users;
        }
    }

    // The slot of this second, emptied first when it last held an older second. Called under the gate.
    private ref Slot SlotOf(long second)
    {
        ref var slot = ref _slots[second % _slots.Length];
        if (slot.Second != second)
        {
            slot = new Slot { Second = second };
        }

        return ref slot;
    }

    private long Second() => time.GetTimestamp() / time.TimestampFrequency;

    private struct Slot
    {
        public long Second;
        public long Requests;
        public long Users;
        public long Answers;
        public double LatencyMs;
    }
}
