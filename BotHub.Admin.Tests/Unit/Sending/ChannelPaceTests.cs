using BotHub.Admin.Features.Channels;
using BotHub.Admin.Features.Provider;
using BotHub.Admin.Features.Sending;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace BotHub.Admin.Tests.Unit.Sending;

/// <summary>
/// One channel worker's pacing alone, on a driven clock: the channel's bucket (the provider's 20 requests a second) and
/// its hold after transient failures in a row (3 by default), then one probe every 5 s.
/// </summary>
public sealed class ChannelPaceTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 3, 8, 0, 0, TimeSpan.Zero);
    private static readonly ProviderOutcome Accepted = new(OutcomeKind.Accepted, null, 200, TimeSpan.FromMilliseconds(80));
    private static readonly ProviderOutcome Refused = new(OutcomeKind.Transient, DecodedError.Of(80002, message: "Connection refused"), null, TimeSpan.Zero);

    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;
    private readonly CountingTimeProvider _time = new(new FakeTimeProvider(Start));

    private static SendingChannel Channel(int rate, int burst) => new(1, "Shop", "+8613800000000", TimeZoneInfo.Utc, 1, rate, burst, true);

    private ChannelPace Pace(SendingChannel channel, int maxRate = PacingLimit.Highest)
    {
        var pace = new ChannelPace(channel.Id, new ChannelPacing(_time, maxRate), Options.Create(new SendingOptions()), _time);
        pace.Use(channel);
        return pace;
    }

    private async Task<int> TakeAllAtOnceAsync(ChannelPace pace, int most)
    {
        var taken = 0;
        for (var i = 0; i < most; i++)
        {
            var take = pace.TakeAsync(probe: false, _ct);
            if (!take.IsCompleted)
            {
                break;
            }

            Assert.True(await take);
            taken++;
        }

        return taken;
    }

    [Fact]
    public async Task Take_TwentyInASecondGoAtOnce_TheTwentyFirstWaitsForTheClockToMoveFiftyMilliseconds()
    {
        var pace = Pace(Channel(rate: 20, burst: 20));
        Assert.Equal(20, await TakeAllAtOnceAsync(pace, 20));

        var twentyFirst = pace.TakeAsync(probe: false, _ct);
        await _time.ParkedAsync(1);
        _time.Fake.Advance(TimeSpan.FromMilliseconds(49));
        await _time.ParkedAsync(1);
        Assert.False(twentyFirst.IsCompleted);

        _time.Fake.Advance(TimeSpan.FromMilliseconds(1));

        Assert.True(await twentyFirst.WaitAsync(TimeSpan.FromSeconds(10), _ct));
        Assert.Equal(TimeSpan.FromMilliseconds(50), _time.GetUtcNow() - Start);
        Assert.Equal(20, pace.Bucket!.RatePerSecond);
    }

    [Fact]
    public async Task Use_AChannelStoredAtSixtyASecond_IsPacedAtTheProvidersTwenty()
    {
        var pace = Pace(Channel(rate: 60, burst: 60), maxRate: 20);

        Assert.Equal((20, 20), (pace.Bucket!.RatePerSecond, pace.Bucket.Burst));
        Assert.Equal(20, await TakeAllAtOnceAsync(pace, 60));
    }

    [Fact]
    public async Task Heard_ThreeTransientFailuresInARow_Holds_AndOnlyTheProbeTakesATokenEveryFiveSeconds()
    {
        var pace = Pace(Channel(rate: 20, burst: 20));
        pace.Heard(Refused);
        pace.Heard(Refused);
        Assert.False(pace.Held);

        pace.Heard(Refused);

        Assert.True(pace.Held);
        Assert.Equal(Start, pace.HeldSince);
        Assert.Equal(80002, pace.LastError!.Code);
        for (var i = 0; i < 5; i++)
        {
            Assert.False(await pace.TakeAsync(probe: false, _ct));
        }

        Assert.Equal(20, Enumerable.Range(0, 25).Count(_ => pace.Bucket!.TryTake())); // a held take took no token
        Assert.False(pace.ProbeDue());
        Assert.Equal(TimeSpan.FromSeconds(5) + TimeSpan.FromMilliseconds(10), pace.IdleWait(TimeSpan.FromSeconds(10)));

        _time.Fake.Advance(TimeSpan.FromSeconds(5) - TimeSpan.FromMilliseconds(1));
        Assert.False(pace.ProbeDue());
        _time.Fake.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(pace.ProbeDue());

        pace.ProbeStarted();
        Assert.False(pace.ProbeDue()); // one probe at a time
        Assert.True(await pace.TakeAsync(probe: true, _ct));
        pace.Heard(Accepted);
        pace.ProbeEnded();

        Assert.False(pace.Held);
        Assert.Null(pace.HeldSince);
        Assert.Equal(TimeSpan.FromSeconds(10), pace.IdleWait(TimeSpan.FromSeconds(10)));
        Assert.Equal(19, await TakeAllAtOnceAsync(pace, 40)); // refilled over the 5 s: the probe's token and 19 more
    }

    [Fact]
    public void Heard_TheProvidersOwnDailyQuotaRefusal_IsAnAnswer_AndNeverHolds()
    {
        var pace = Pace(Channel(rate: 20, burst: 20));
        var quotaRefused = new ProviderOutcome(OutcomeKind.Transient, DecodedError.Of(80001, 1, "daily quota"), 200, TimeSpan.Zero);

        for (var i = 0; i < 5; i++)
        {
            pace.Heard(quotaRefused);
        }

        Assert.False(pace.Held);
        Assert.True(pace.CountsAgainst()); // answered just now: a transient failure now is the message's own
    }

    [Fact]
    public void CountsAgainst_OnlyWhileAnotherRequestWasAnsweredInTheLastTenSeconds()
    {
        var pace = Pace(Channel(rate: 20, burst: 20));
        Assert.False(pace.CountsAgainst()); // nothing answered yet

        pace.Heard(Accepted);
        _time.Fake.Advance(TimeSpan.FromSeconds(10));
        Assert.True(pace.CountsAgainst());

        _time.Fake.Advance(TimeSpan.FromMilliseconds(1));
        Assert.False(pace.CountsAgainst());
    }
}
