using BotHub.Admin.Features.Broadcasts;
using BotHub.Admin.Features.Sending;

namespace BotHub.Admin.Tests.Unit.Broadcasts;

/// <summary>The one set of final states, from a broadcast's state and what became of its deliveries.</summary>
public sealed class BroadcastOutcomeTests
{
    private static BroadcastTally Tally(int sent = 0, int failed = 0, int excluded = 0, int notReached = 0, int cancelled = 0, int open = 0) =>
        new(sent, failed, excluded, notReached, cancelled, open);

    [Fact]
    public void From_SplitsTheExcludedIntoLeftOutBeforeSendingAndNotReachedWhenEligibilityEnded()
    {
        var byState = new Dictionary<DeliveryState, int>
        {
            [DeliveryState.Sent] = 93, [DeliveryState.Failed] = 15, [DeliveryState.Excluded] = 20, [DeliveryState.Cancelled] = 2,
            [DeliveryState.Queued] = 1, [DeliveryState.Checking] = 2, [DeliveryState.Sending] = 3, [DeliveryState.WaitingForQuota] = 4,
        };

        var tally = BroadcastTally.From(byState, notReached: 8);

        Assert.Equal(Tally(sent: 93, failed: 15, excluded: 12, notReached: 8, cancelled: 2, open: 10), tally);
        Assert.Equal(140, tally.Total);
    }

    [Theory]
    [InlineData(BroadcastState.Completed, 108, 0, 0, 0, 0, BroadcastEnding.Completed)]
    [InlineData(BroadcastState.Completed, 40, 0, 68, 0, 0, BroadcastEnding.Completed)]
    [InlineData(BroadcastState.Completed, 93, 15, 0, 0, 0, BroadcastEnding.CompletedWithFailures)]
    [InlineData(BroadcastState.Completed, 50, 3, 0, 55, 0, BroadcastEnding.EndedUnreached)]
    [InlineData(BroadcastState.Cancelled, 4, 0, 0, 0, 56, BroadcastEnding.Cancelled)]
    [InlineData(BroadcastState.Cancelled, 0, 0, 0, 0, 0, BroadcastEnding.Cancelled)]
    [InlineData(BroadcastState.Sending, 50, 5, 0, 0, 0, BroadcastEnding.NotEnded)]
    [InlineData(BroadcastState.Paused, 50, 5, 0, 0, 0, BroadcastEnding.NotEnded)]
    [InlineData(BroadcastState.WaitingForQuota, 50, 0, 0, 0, 0, BroadcastEnding.NotEnded)]
    public void EndingOf(BroadcastState state, int sent, int failed, int excluded, int notReached, int cancelled, BroadcastEnding expected) =>
        Assert.Equal(expected, BroadcastOutcome.EndingOf(state, Tally(sent, failed, excluded, notReached, cancelled)));

    [Fact]
    public void Describe_SaysEachEndingWithItsFigures_InEnglishForTheAuditLog()
    {
        string D(BroadcastState s, BroadcastTally t, int keep = 0) => BroadcastOutcome.Describe(BroadcastOutcome.EndingOf(s, t), t, keep);

        Assert.Equal("Completed: all 1,200 sent", D(BroadcastState.Completed, Tally(sent: 1200)));
        Assert.Equal("Completed with 15 failed (93 sent)", D(BroadcastState.Completed, Tally(sent: 93, failed: 15)));
        Assert.Equal("Completed: all 40 sent; 68 excluded before sending", D(BroadcastState.Completed, Tally(sent: 40, excluded: 68)));
        Assert.Equal("Ended at midnight (50 sent, 55 not reached, 3 failed)", D(BroadcastState.Completed, Tally(sent: 50, failed: 3, notReached: 55)));
        Assert.Equal("Ended after 3 days kept (50 sent, 55 not reached)", D(BroadcastState.Completed, Tally(sent: 50, notReached: 55), keep: 3));
        Assert.Equal("Cancelled (4 sent, 56 cancelled)", D(BroadcastState.Cancelled, Tally(sent: 4, cancelled: 56)));
    }

    [Fact]
    public void Percent_OfAnEmptyBroadcast_IsZero()
    {
        Assert.Equal(0, BroadcastTally.Empty.Percent(0));
        Assert.Equal(25, Tally(sent: 1, failed: 3).Percent(1));
    }
}
