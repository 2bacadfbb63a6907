using BotHub.Admin.Features.Sending;
using Microsoft.Extensions.Time.Testing;

namespace BotHub.Admin.Tests.Unit.Sending;

/// <summary>The rate achieved per channel, over the last whole seconds of a driven clock.</summary>
public sealed class ChannelMeterTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 3, 10, 6, 0, 0, TimeSpan.Zero));

    private void Second(ChannelMeter meter, int requests, int users)
    {
        for (var i = 0; i < requests; i++)
        {
            meter.Request();
        }

        for (var i = 0; i < users; i++)
        {
            meter.Reached();
        }

        _time.Advance(TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void Latency_IsTheMeanAnswerTimeOverTheWindow_ThenNoneOnceItPassed()
    {
        var meter = new ChannelMeter(_time);
        Assert.Null(meter.Latency()); // nothing answered yet

        meter.Answered(TimeSpan.FromMilliseconds(200));
        _time.Advance(TimeSpan.FromSeconds(1));
        meter.Answered(TimeSpan.FromMilliseconds(400));
        meter.Answered(TimeSpan.FromMilliseconds(900));
        Assert.Equal(TimeSpan.FromMilliseconds(500), meter.Latency()); // this second counts too: a mean, not a rate

        _time.Advance(TimeSpan.FromSeconds(ChannelMeter.WindowSeconds));
        Assert.Equal(TimeSpan.FromMilliseconds(650), meter.Latency()); // the first second left the window
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(meter.Latency());
    }

    [Fact]
    public void NothingRecorded_RatesAreZero()
    {
        Assert.Equal((0, 0), new ChannelMeter(_time).Rates());
    }

    [Fact]
    public void Quiet_OnlyOnceAWholeWindowPassedWithNothingCounted()
    {
        var meter = new ChannelMeter(_time);
        Assert.True(meter.Quiet()); // nothing ever counted

        Second(meter, 1, 0);
        for (var s = 1; s <= ChannelMeter.WindowSeconds; s++)
        {
            Assert.False(meter.Quiet(), $"{s} s after the last request");
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.True(meter.Quiet());
        Assert.Equal((0, 0), meter.Rates());
        meter.Request();
        Assert.False(meter.Quiet());
    }

    [Fact]
    public void SteadyTwentyRequestsAndTenUsersASecond_ReadsTwentyAndTen()
    {
        var meter = new ChannelMeter(_time);
        for (var s = 0; s < 12; s++)
        {
            Second(meter, 20, 10);
        }

        Assert.Equal((20.0, 10.0), meter.Rates());
    }

    [Fact]
    public void TheSecondUnderWay_DoesNotCount_UntilItIsOver()
    {
        var meter = new ChannelMeter(_time);
        Second(meter, 20, 0);
        Second(meter, 20, 0);
        for (var i = 0; i < 100; i++)
        {
            meter.Request();
        }

        Assert.Equal(20.0, meter.Rates().RequestsPerSecond);
    }

    [Fact]
    public void JustStarted_DividesByTheSecondsSinceTheFirstRequest_NotByTheWholeWindow()
    {
        var meter = new ChannelMeter(_time);
        Second(meter, 18, 9);
        Second(meter, 22, 11);

        Assert.Equal((20.0, 10.0), meter.Rates());
    }

    [Fact]
    public void AfterAPause_OldSecondsFallOutOfTheWindow()
    {
        var meter = new ChannelMeter(_time);
        for (var s = 0; s < ChannelMeter.WindowSeconds; s++)
        {
            Second(meter, 100, 50);
        }

        _time.Advance(TimeSpan.FromSeconds(ChannelMeter.WindowSeconds + 1));
        Assert.Equal((0, 0), meter.Rates());

        Second(meter, 5, 5);
        Assert.Equal((1.0, 1.0), meter.Rates());
    }
}
