using BotHub.Admin.Features.Provider;
using BotHub.Admin.Features.Sending;
using Microsoft.Extensions.Time.Testing;

namespace BotHub.Admin.Tests.Unit.Sending;

/// <summary>The channel's hold: "the provider is away" told from "this message is wrong", on a driven clock.</summary>
public sealed class ChannelHoldTests
{
    private static readonly DecodedError Refused = DecodedError.Of(80002, message: "ConnectionError: Connection refused");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 3, 8, 0, 0, TimeSpan.Zero));

    private ChannelHold Hold() => new(holdAfter: 3, probeEvery: TimeSpan.FromSeconds(5), _time);

    [Fact]
    public void ThreeTransientFailuresInARow_Hold_SinceTheThird_WithTheLastError()
    {
        var hold = Hold();
        hold.Answered();
        hold.Missed(Refused);
        _time.Advance(TimeSpan.FromMilliseconds(10));
        hold.Missed(Refused);
        Assert.False(hold.Held);
        _time.Advance(TimeSpan.FromMilliseconds(10));
        hold.Missed(Refused);

        Assert.True(hold.Held);
        Assert.Equal(_time.GetUtcNow(), hold.HeldSince);
        Assert.Equal(80002, hold.LastError?.Code);
    }

    [Fact]
    public void AnAnswerBetweenFailures_StartsTheCountAgain()
    {
        var hold = Hold();
        hold.Missed(Refused);
        hold.Missed(Refused);
        hold.Answered();
        hold.Missed(Refused);
        hold.Missed(Refused);

        Assert.False(hold.Held);
    }

    [Fact]
    public void WhileHeld_OneProbeEveryFiveSeconds_AndNoneWhileOneIsOut()
    {
        var hold = Hold();
        for (var i = 0; i < 3; i++)
        {
            hold.Missed(Refused);
        }

        Assert.False(hold.ProbeDue());
        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.True(hold.ProbeDue());
        hold.ProbeStarted();
        Assert.False(hold.ProbeDue());
        _time.Advance(TimeSpan.FromSeconds(6));
        Assert.False(hold.ProbeDue());
        hold.Missed(Refused);
        hold.ProbeEnded();
        // The next one five seconds after the last one started.
        Assert.True(hold.ProbeDue());
        hold.ProbeStarted();
        hold.ProbeEnded();
        _time.Advance(TimeSpan.FromSeconds(4.9));
        Assert.False(hold.ProbeDue());
        Assert.InRange(hold.UntilProbe(), TimeSpan.FromMilliseconds(99), TimeSpan.FromMilliseconds(101));
    }

    [Fact]
    public void AnAnswer_EndsTheHold()
    {
        var hold = Hold();
        for (var i = 0; i < 3; i++)
        {
            hold.Missed(Refused);
        }

        hold.Answered();

        Assert.False(hold.Held);
        Assert.Null(hold.LastError);
        Assert.False(hold.ProbeDue());
        Assert.Equal(TimeSpan.Zero, hold.UntilProbe());
    }

    [Fact]
    public void AFailure_CountsAgainstItsMessage_OnlyWhileTheChannelsOtherRequestsAreAnswered()
    {
        var hold = Hold();
        hold.Missed(Refused);
        Assert.False(hold.CountsAgainst());

        hold.Answered();
        _time.Advance(TimeSpan.FromSeconds(2));
        hold.Missed(Refused);
        Assert.True(hold.CountsAgainst());

        _time.Advance(ChannelHold.AnsweredWithin);
        hold.Missed(Refused);
        Assert.False(hold.CountsAgainst());
        hold.Missed(Refused);
        Assert.True(hold.Held);
        Assert.False(hold.CountsAgainst());

        hold.Answered();
        hold.Missed(Refused);
        Assert.True(hold.CountsAgainst());
    }
}
