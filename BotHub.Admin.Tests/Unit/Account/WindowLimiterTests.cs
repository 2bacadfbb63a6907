using System.Threading.RateLimiting;
using BotHub.Admin.Components.Account.Throttle;
using Microsoft.Extensions.Time.Testing;

namespace BotHub.Admin.Tests.Unit.Account;

/// <summary>The sign-in limiter's window, on a driven clock.</summary>
public sealed class WindowLimiterTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    [Fact]
    public void TenPermits_TheEleventhIsRefused_WithTheTimeLeftInTheWindow_AndTheWindowsReportIsClaimedOnce()
    {
        var time = new FakeTimeProvider();
        using var limiter = new WindowLimiter(time, 10, Minute, "address:10.0.0.1");

        for (var i = 0; i < 10; i++)
        {
            Assert.True(limiter.AttemptAcquire().IsAcquired);
        }

        time.Advance(TimeSpan.FromSeconds(20));
        var refused = limiter.AttemptAcquire();
        Assert.False(refused.IsAcquired);
        Assert.True(refused.TryGetMetadata(MetadataName.RetryAfter, out var after));
        Assert.Equal(TimeSpan.FromSeconds(40), after);
        Assert.True(refused.TryGetMetadata(WindowLimiter.Partition, out var name) && name is "address:10.0.0.1");
        Assert.True(Report(refused).TryClaim());

        var again = limiter.AttemptAcquire();
        Assert.False(again.IsAcquired);
        Assert.Same(Report(refused), Report(again));
        Assert.False(Report(again).TryClaim());
        Assert.Equal(2, limiter.GetStatistics()!.TotalFailedLeases);
    }

    [Fact]
    public void NextWindow_LetsThroughAgain()
    {
        var time = new FakeTimeProvider();
        using var limiter = new WindowLimiter(time, 2, Minute);
        Assert.True(limiter.AttemptAcquire().IsAcquired);
        Assert.True(limiter.AttemptAcquire().IsAcquired);
        Assert.True(Report(limiter.AttemptAcquire()).TryClaim());

        time.Advance(TimeSpan.FromSeconds(59));
        Assert.False(limiter.AttemptAcquire().IsAcquired);

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(limiter.AttemptAcquire().IsAcquired);
        Assert.True(limiter.AttemptAcquire().IsAcquired);
        var refused = limiter.AttemptAcquire();
        Assert.False(refused.IsAcquired);
        Assert.True(Report(refused).TryClaim()); // a new window, a new line in the log
    }

    private static RefusalReport Report(RateLimitLease lease) =>
        Assert.IsType<RefusalReport>(lease.TryGetMetadata(WindowLimiter.Report, out var report) ? report : null);

    [Fact]
    public void IdleDuration_IsNullUntilTheWindowEnds_SoAPartitionIsNotDroppedWithItsCount()
    {
        var time = new FakeTimeProvider();
        using var limiter = new WindowLimiter(time, 1, Minute);
        limiter.AttemptAcquire();

        time.Advance(TimeSpan.FromSeconds(30));
        Assert.Null(limiter.IdleDuration);

        time.Advance(TimeSpan.FromSeconds(45));
        Assert.Equal(TimeSpan.FromSeconds(15), limiter.IdleDuration);
    }
}
