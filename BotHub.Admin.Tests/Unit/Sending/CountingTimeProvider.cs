using Microsoft.Extensions.Time.Testing;

namespace BotHub.Admin.Tests.Unit.Sending;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that counts its live timers, so a test knows when every waiter is parked in a
/// <c>Task.Delay</c> on it (one timer each) before it moves the clock again. No real sleeping: it only yields.
/// </summary>
public sealed class CountingTimeProvider(FakeTimeProvider inner) : TimeProvider
{
    private int _live;

    public FakeTimeProvider Fake { get; } = inner;

    public int LiveTimers => Volatile.Read(ref _live);

    public override DateTimeOffset GetUtcNow() => Fake.GetUtcNow();

    public override long GetTimestamp() => Fake.GetTimestamp();

    public override long TimestampFrequency => Fake.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => Fake.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        Interlocked.Increment(ref _live);
        return new Counted(Fake.CreateTimer(callback, state, dueTime, period), this);
    }

    /// <summary>Yields until <paramref name="count"/> timers are live; fails after 30 real seconds rather than hang.</summary>
    public async Task ParkedAsync(int count)
    {
        var started = Environment.TickCount64;
        var spins = 0;
        while (LiveTimers != count)
        {
            if (Environment.TickCount64 - started > 30_000)
            {
                Assert.Fail($"Expected {count} parked waiters, {LiveTimers} after 30 s.");
            }

            if (++spins % 64 == 0)
            {
                Thread.Yield();
            }

            await Task.Yield();
        }
    }

    private sealed class Counted(ITimer timer, CountingTimeProvider owner) : ITimer
    {
        private int _disposed;

        public bool Change(TimeSpan dueTime, TimeSpan period) => timer.Change(dueTime, period);

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                Interlocked.Decrement(ref owner._live);
            }

            timer.Dispose();
        }

        public async ValueTask DisposeAsync()
        {
            Dispose();
            await ValueTask.CompletedTask;
        }
    }
}
