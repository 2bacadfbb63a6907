namespace BotHub.Admin.Features.Provider;

/// <summary>
/// A token bucket on <see cref="TimeProvider.GetTimestamp"/> (System.Threading.RateLimiting cannot take a TimeProvider).
/// Credit is kept in integer units of timestamp ticks × rate, so one token is exactly <c>frequency</c> units and a
/// simulated steady 20/s never loses a request to rounding. Not thread-safe: the caller holds a lock (the sandbox's per channel, the sender's bucket its own).
/// </summary>
public sealed class TokenBucket
{
    private readonly long _cost;
    private long _rate;
    private long _capacity;
    private long _credit;
    private long _last;

    /// <summary>A full bucket as of <paramref name="now"/>.</summary>
    public TokenBucket(int ratePerSecond, int size, long timestampFrequency, long now)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ratePerSecond, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        _rate = ratePerSecond;
        _cost = timestampFrequency;
        _capacity = checked(size * timestampFrequency);
        _credit = _capacity;
        _last = now;
    }

    /// <summary>Whole tokens left as of the last call.</summary>
    public long Tokens => _credit / _cost;

    /// <summary>Timestamp ticks until a token is there (0 when one is there now).</summary>
    public long TicksUntilToken(long now)
    {
        Refill(now);
        return _credit >= _cost ? 0 : (_cost - _credit + _rate - 1) / _rate;
    }

    /// <summary>
    /// New rate and size from <paramref name="now"/> on, keeping the credit earned so far (cut to the new size): a change
    /// never refills the bucket, so the requests of any window stay within the old or the new limits, whichever is higher.
    /// </summary>
    public void Reconfigure(int ratePerSecond, int size, long now)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ratePerSecond, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        Refill(now);
        _rate = ratePerSecond;
        _capacity = checked(size * _cost);
        _credit = Math.Min(_credit, _capacity);
    }

    public bool TryTake(long now)
    {
        Refill(now);
        if (_credit < _cost)
        {
            return false;
        }

        _credit -= _cost;
        return true;
    }

    private void Refill(long now)
    {
        var elapsed = now - _last;
        if (elapsed > 0)
        {
            _last = now;
            // Clamping the elapsed ticks to what fills the bucket keeps elapsed × rate from overflowing after a long idle.
            var toFull = (_capacity - _credit) / _rate + 1;
            _credit = Math.Min(_capacity, _credit + Math.Min(elapsed, toFull) * _rate);
        }
    }
}
