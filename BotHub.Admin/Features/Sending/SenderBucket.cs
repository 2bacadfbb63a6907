using BotHub.Admin.Features.Provider;

namespace BotHub.Admin.Features.Sending;

/// <summary>
/// The sender's own pacing of one channel (spec, Limits 1, "what our sender does"): every request, check or send, takes a
/// token from a bucket of <c>rate</c> per second holding <c>burst</c>, on the app's <see cref="TimeProvider"/>, so tests
/// drive it without sleeping. Thread-safe: requests of one channel are in flight on several tasks.
/// </summary>
public sealed class SenderBucket(int ratePerSecond, int burst, TimeProvider time, ChannelMeter? meter = null)
{
    private readonly Lock _gate = new();
    private readonly TokenBucket _bucket = new(ratePerSecond, burst, time.TimestampFrequency, time.GetTimestamp());

    public int RatePerSecond { get; private set; } = ratePerSecond;

    public int Burst { get; private set; } = burst;

    /// <summary>The channel's rate or burst changed: the same bucket takes them on, without refilling.</summary>
    public void Reconfigure(int ratePerSecond, int burst)
    {
        lock (_gate)
        {
            if (ratePerSecond == RatePerSecond && burst == Burst)
            {
                return;
            }

            _bucket.Reconfigure(ratePerSecond, burst, time.GetTimestamp());
            (RatePerSecond, Burst) = (ratePerSecond, burst);
        }
    }

    /// <summary>Takes a token if one is there now.</summary>
    public bool TryTake()
    {
        lock (_gate)
        {
            if (!_bucket.TryTake(time.GetTimestamp()))
            {
                return false;
            }

            meter?.Request();
            return true;
        }
    }

    /// <summary>Waits for a token and takes it; callers are served in no particular order.</summary>
    public async ValueTask TakeAsync(CancellationToken ct)
    {
        while (true)
        {
            long wait;
            lock (_gate)
            {
                var now = time.GetTimestamp();
                if (_bucket.TryTake(now))
                {
                    meter?.Request();
                    return;
                }

                wait = _bucket.TicksUntilToken(now);
            }

            var delay = TimeSpan.FromSeconds(Math.Max(1, wait) / (double)time.TimestampFrequency);
            await Task.Delay(delay < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : delay, time, ct);
        }
    }
}
