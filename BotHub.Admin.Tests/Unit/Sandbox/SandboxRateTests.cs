using BotHub.Admin.Features.Provider;
using BotHub.Admin.Features.Provider.Sandbox;
using BotHub.Admin.Tests.Infrastructure;
using static BotHub.Admin.Tests.Unit.Sandbox.SandboxAnswerAssert;

namespace BotHub.Admin.Tests.Unit.Sandbox;

/// <summary>The provider's tolerance: a bucket of 20/s holding 40, on the fake clock.</summary>
public sealed class SandboxRateTests
{
    private readonly SandboxRig _rig = new();

    /// <summary>Sends <paramref name="count"/> texts at the current instant; returns how many were accepted.</summary>
    private async Task<int> BurstAsync(int count)
    {
        var accepted = 0;
        for (var i = 0; i < count; i++)
        {
            accepted += (await _rig.SendAsync(SandboxMessages.Text())).Status == 200 ? 1 : 0;
        }

        return accepted;
    }

    [Fact]
    public async Task Burst_FortyPassAtOneInstant_TheFortyFirstIs429RateLimitAndCounted()
    {
        await _rig.WritesAsync();
        Assert.Equal(40, await BurstAsync(40));

        var refused = await _rig.SendAsync(SandboxMessages.Text());

        IsError(refused, 429, 10000, "rate limit exceeded");
        Assert.Equal(1, _rig.Stats.RateViolations);
        Assert.Equal(41, _rig.Stats.Requests);
        Assert.Equal(40, _rig.Stats.Accepted);
    }

    [Fact]
    public async Task Refill_OneSecondLater_TwentyMorePassAndNoMore()
    {
        await _rig.WritesAsync();
        await BurstAsync(41);

        _rig.Time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(20, await BurstAsync(21));
        Assert.Equal(2, _rig.Stats.RateViolations);
    }

    [Fact]
    public async Task RateRefusal_DoesNotConsumeTheId_TheSameIdPassesLater()
    {
        await _rig.WritesAsync();
        await BurstAsync(40);
        var message = SandboxMessages.Text();

        IsError(await _rig.SendAsync(message), 429, 10000);
        _rig.Time.Advance(TimeSpan.FromMilliseconds(50));

        IsAccepted(await _rig.SendAsync(message));
    }

    [Fact]
    public async Task Steady20PerSecond_AfterTheBucketIsDrained_NothingRefusedFor10Seconds()
    {
        await _rig.WritesAsync();
        Assert.Equal(40, await BurstAsync(40));

        for (var i = 0; i < 200; i++)
        {
            _rig.Time.Advance(TimeSpan.FromMilliseconds(50));
            IsAccepted(await _rig.SendAsync(SandboxMessages.Text()));
        }

        Assert.Equal(0, _rig.Stats.RateViolations);
        Assert.Equal(240, _rig.Stats.Accepted);
    }

    [Fact]
    public async Task Hammering100PerSecond_For10Seconds_PassesAtMost40Plus20PerSecond()
    {
        await _rig.WritesAsync();
        var passed = 0;
        for (var i = 0; i < 1000; i++)
        {
            passed += await BurstAsync(1);
            _rig.Time.Advance(TimeSpan.FromMilliseconds(10));
        }

        // Requests at 0 s … 9.99 s: 40 held + 20 × 9.99 s refilled = 239.8, so 239 whole tokens.
        Assert.Equal(239, passed);
        Assert.True(passed <= 40 + 20 * 10);
        Assert.Equal(1000 - 239, _rig.Stats.RateViolations);
    }

    [Fact]
    public async Task BusiestSecond_CountsRequestsPerWallClockSecond_RefusedIncluded()
    {
        await _rig.WritesAsync();
        await BurstAsync(45); // 45 in 10:30:15, five of them refused

        _rig.Time.Advance(TimeSpan.FromMilliseconds(900));
        await BurstAsync(10); // still 10:30:15 → 55
        _rig.Time.Advance(TimeSpan.FromMilliseconds(200));
        await BurstAsync(30); // 10:30:16 → 30

        Assert.Equal(55, _rig.Stats.BusiestSecond);
        Assert.Equal(85, _rig.Stats.Requests);
    }

    [Fact]
    public async Task BusiestSecond_ABurstSplitAcrossASecondBoundary_IsNotAddedUp()
    {
        _rig.Time.Advance(TimeSpan.FromMilliseconds(900));
        await _rig.WritesAsync();
        await BurstAsync(30);
        _rig.Time.Advance(TimeSpan.FromMilliseconds(200));
        await BurstAsync(30);

        Assert.Equal(30, _rig.Stats.BusiestSecond);
        Assert.Equal(60, _rig.Stats.Requests);
    }

    [Fact]
    public async Task Checks_AndSends_ShareTheChannelsBucket()
    {
        await _rig.WritesAsync();
        for (var i = 0; i < 30; i++)
        {
            Assert.Equal(200, (await _rig.CheckAsync(SandboxMessages.Check())).Status);
        }

        Assert.Equal(10, await BurstAsync(11));
        IsError(await _rig.CheckAsync(SandboxMessages.Check()), 429, 10000, "rate limit exceeded");
    }

    [Fact]
    public void TokenBucket_AfterAVeryLongIdle_HoldsOnlyItsSize()
    {
        var bucket = new TokenBucket(1_000_000, 1_000_000, 1_000_000_000, 0);
        for (var i = 0; i < 1_000_000; i++)
        {
            Assert.True(bucket.TryTake(0));
        }

        Assert.False(bucket.TryTake(0));
        Assert.True(bucket.TryTake(long.MaxValue / 2));
        Assert.Equal(999_999, bucket.Tokens);
    }
}
