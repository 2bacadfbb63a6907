using BotHub.Admin.Features.Sending;
using Microsoft.Extensions.Time.Testing;

namespace BotHub.Admin.Tests.Unit.Sending;

/// <summary>The engine's wake-up: raised when there is new work, else the poll interval on the app's clock.</summary>
public sealed class SendingSignalTests : IDisposable
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(5);
    // Only a guard so a broken signal fails instead of hanging; nothing waits on it when the code works.
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(10);

    private readonly CountingTimeProvider _time = new(new FakeTimeProvider(new DateTimeOffset(2025, 3, 10, 6, 0, 0, TimeSpan.Zero)));
    private readonly SendingSignal _signal = new();

    public void Dispose() => _signal.Dispose();

    private Task WaitAsync() => _signal.WaitAsync(Poll, _time, TestContext.Current.CancellationToken);

    [Fact]
    public async Task WaitAsync_RaisedWhileWaiting_Returns()
    {
        var wait = WaitAsync();
        await _time.ParkedAsync(1);
        Assert.False(wait.IsCompleted);

        _signal.Raise();

        await wait.WaitAsync(Guard, TestContext.Current.CancellationToken);
        Assert.Equal(0, _time.LiveTimers); // the poll's timer is given back
    }

    [Fact]
    public async Task WaitAsync_RaisedBefore_ReturnsWithoutTheClockMoving()
    {
        _signal.Raise();

        await WaitAsync().WaitAsync(Guard, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task WaitAsync_NotRaised_ReturnsOnceThePollIntervalPassesOnTheClock()
    {
        var wait = WaitAsync();
        await _time.ParkedAsync(1);

        _time.Fake.Advance(Poll - TimeSpan.FromMilliseconds(1));
        await Task.Yield();
        Assert.False(wait.IsCompleted);
        _time.Fake.Advance(TimeSpan.FromMilliseconds(1));

        await wait.WaitAsync(Guard, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Raise_TwiceBeforeAWait_WakesOnce()
    {
        _signal.Raise();
        _signal.Raise();

        await WaitAsync().WaitAsync(Guard, TestContext.Current.CancellationToken);
        var second = WaitAsync();
        await _time.ParkedAsync(1);

        Assert.False(second.IsCompleted);
        _time.Fake.Advance(Poll);
        await second.WaitAsync(Guard, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task WaitAsync_EndedByThePoll_LeavesNoRaiseBehind()
    {
        var first = WaitAsync();
        await _time.ParkedAsync(1);
        _time.Fake.Advance(Poll);
        await first.WaitAsync(Guard, TestContext.Current.CancellationToken);

        var second = WaitAsync();
        await _time.ParkedAsync(1);

        Assert.False(second.IsCompleted);
        _signal.Raise();
        await second.WaitAsync(Guard, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task WaitAsync_Cancelled_EndsWithoutTheClockMoving()
    {
        using var stop = new CancellationTokenSource();
        var wait = _signal.WaitAsync(Poll, _time, stop.Token);
        await _time.ParkedAsync(1);

        await stop.CancelAsync();

        await Record.ExceptionAsync(() => wait.WaitAsync(Guard, TestContext.Current.CancellationToken));
        Assert.True(wait.IsCompleted);
        Assert.Equal(0, _time.LiveTimers);
    }
}
