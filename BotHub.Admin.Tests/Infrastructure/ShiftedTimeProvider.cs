namespace BotHub.Admin.Tests.Infrastructure;

/// <summary>
/// The system clock moved by an offset the test sets: the wall clock (<see cref="GetUtcNow"/>) can jump, e.g. to just
/// before a time zone's midnight and then past it, and runs on in real time from there. Timestamps and timers stay the
/// system's, so token buckets, delays and the engine's polls keep running in real time and nothing waits for a manual
/// advance (unlike a FakeTimeProvider, which would freeze every Task.Delay of the running app).
/// </summary>
public sealed class ShiftedTimeProvider : TimeProvider
{
    private long _offsetTicks;

    /// <summary>How far the wall clock is ahead of the system's.</summary>
    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public override DateTimeOffset GetUtcNow() => TimeProvider.System.GetUtcNow() + Offset;

    public override TimeZoneInfo LocalTimeZone => TimeProvider.System.LocalTimeZone;

    public override long TimestampFrequency => TimeProvider.System.TimestampFrequency;

    public override long GetTimestamp() => TimeProvider.System.GetTimestamp();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        TimeProvider.System.CreateTimer(callback, state, dueTime, period);

    /// <summary>Makes the wall clock read <paramref name="now"/> at once (it runs on from there).</summary>
    public void SetUtcNow(DateTimeOffset now) => Interlocked.Exchange(ref _offsetTicks, (now - TimeProvider.System.GetUtcNow()).Ticks);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
}
