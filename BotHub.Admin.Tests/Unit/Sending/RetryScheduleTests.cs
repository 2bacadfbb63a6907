using BotHub.Admin.Features.Sending;

namespace BotHub.Admin.Tests.Unit.Sending;

/// <summary>Exponential backoff with equal jitter: half of the capped delay fixed, half random.</summary>
public sealed class RetryScheduleTests
{
    private static readonly TimeSpan First = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(1, 2)]
    [InlineData(2, 4)]
    [InlineData(3, 8)]
    [InlineData(4, 16)]
    [InlineData(5, 30)]
    [InlineData(6, 30)]
    public void Delay_RandomZero_IsHalfTheCappedDelay(int attempt, int cappedSeconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(cappedSeconds) / 2, RetrySchedule.Delay(attempt, First, Max, 0));
    }

    [Theory]
    [InlineData(1, 2)]
    [InlineData(2, 4)]
    [InlineData(3, 8)]
    [InlineData(4, 16)]
    [InlineData(5, 30)]
    [InlineData(6, 30)]
    public void Delay_RandomNearlyOne_IsNearlyTheCappedDelayAndNotMore(int attempt, int cappedSeconds)
    {
        var capped = TimeSpan.FromSeconds(cappedSeconds);

        var delay = RetrySchedule.Delay(attempt, First, Max, 0.999_999);

        Assert.InRange(delay, capped - TimeSpan.FromMilliseconds(1), capped);
    }

    [Fact]
    public void Delay_AnyRandom_StaysWithinHalfAndWholeOfTheCappedDelay()
    {
        var random = new Random(7);
        for (var attempt = 1; attempt <= 6; attempt++)
        {
            var capped = TimeSpan.FromTicks(Math.Min(First.Ticks << (attempt - 1), Max.Ticks));
            for (var i = 0; i < 100; i++)
            {
                Assert.InRange(RetrySchedule.Delay(attempt, First, Max, random.NextDouble()), capped / 2, capped);
            }
        }
    }

    [Fact]
    public void Delay_Jitter_SpreadsTheDelaysOfOneAttempt()
    {
        Assert.True(RetrySchedule.Delay(3, First, Max, 0.1) < RetrySchedule.Delay(3, First, Max, 0.9));
    }

    [Fact]
    public void Delay_VeryLateAttempt_IsCappedWithoutOverflow()
    {
        Assert.Equal(Max, RetrySchedule.Delay(int.MaxValue, First, Max, 1));
    }

    [Theory]
    [InlineData(-1.0)]
    [InlineData(2.0)]
    public void Delay_RandomOutOfRange_IsClampedIntoTheWindow(double random)
    {
        Assert.InRange(RetrySchedule.Delay(2, First, Max, random), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Delay_AttemptBelowOne_Throws(int attempt)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RetrySchedule.Delay(attempt, First, Max, 0.5));
    }
}

public sealed class AfterTransientTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 8, 0, 0, TimeSpan.Zero);
    private static readonly SendingOptions Options = new() { MaxAttempts = 5, FirstRetryDelay = TimeSpan.FromSeconds(2), MaxRetryDelay = TimeSpan.FromMinutes(2) };

    [Fact]
    public void AFailureThatCounts_AddsAnAttempt_AndBacksOff()
    {
        var (attempts, next) = RetrySchedule.AfterTransient(2, counts: true, Options, Now, null, random: 0);

        Assert.Equal(3, attempts);
        Assert.Equal(Now + TimeSpan.FromSeconds(4), next);
    }

    [Fact]
    public void AFailureWhileTheProviderIsAway_CountsNothing_AndNeverFails()
    {
        for (var i = 0; i < 100; i++)
        {
            var (attempts, next) = RetrySchedule.AfterTransient(4, counts: false, Options, Now, null, random: 0.5);
            Assert.Equal(4, attempts);
            Assert.NotNull(next);
        }
    }

    [Fact]
    public void TheLastCountedAttempt_FailsTheMessage()
    {
        var (attempts, next) = RetrySchedule.AfterTransient(4, counts: true, Options, Now, null, random: 0.5);

        Assert.Equal(5, attempts);
        Assert.Null(next);
    }

    [Fact]
    public void TheRetry_NeverComesAfterTheBroadcastsEnd()
    {
        var end = Now.AddSeconds(5).UtcDateTime;

        var (_, next) = RetrySchedule.AfterTransient(3, counts: true, Options, Now, end, random: 1);

        Assert.Equal(new DateTimeOffset(end, TimeSpan.Zero), next);
    }
}
