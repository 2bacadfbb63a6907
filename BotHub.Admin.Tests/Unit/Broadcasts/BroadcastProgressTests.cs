using BotHub.Admin.Features.Broadcasts;
using BotHub.Admin.Features.Broadcasts.Live;
using BotHub.Admin.Features.Sending;

namespace BotHub.Admin.Tests.Unit.Broadcasts;

/// <summary>The live page's figures from counts by state, the broadcast's times and the channel's activity.</summary>
public sealed class BroadcastProgressTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 10, 6, 0, 0, TimeSpan.Zero);
    private static readonly DateTime Started = Now.UtcDateTime.AddMinutes(-3).AddSeconds(-20);

    /// <summary>Every state once or more: 10 queued, 2 checking, 3 sending, 50 sent, 5 failed, 20 excluded, 4 cancelled, 6 waiting.</summary>
    private static readonly Dictionary<DeliveryState, int> Mixed = new()
    {
        [DeliveryState.Queued] = 10, [DeliveryState.Checking] = 2, [DeliveryState.Sending] = 3, [DeliveryState.Sent] = 50,
        [DeliveryState.Failed] = 5, [DeliveryState.Excluded] = 20, [DeliveryState.Cancelled] = 4, [DeliveryState.WaitingForQuota] = 6,
    };

    private static ChannelActivity Activity(double requests = 9.5, double users = 4.5, int limit = 10) =>
        new(1, requests, users, limit, InFlight: 3, DateOnly.FromDateTime(Now.UtcDateTime), QuotaUsed: 60, QuotaLimit: 1000, Paused: false, Now);

    private static BroadcastProgress Progress(BroadcastState state = BroadcastState.Sending, IReadOnlyDictionary<DeliveryState, int>? byState = null,
        DateTime? started = null, DateTime? finished = null, ChannelActivity? activity = null, bool noActivity = false) =>
        new(state, byState ?? Mixed, started ?? Started, finished, noActivity ? null : activity ?? Activity(), Now);

    [Fact]
    public void Counts_DoneAreSentFailedExcludedCancelled_OpenAreQueuedCheckingSending_WaitingIsNeither()
    {
        var p = Progress();

        Assert.Equal(100, p.Total);
        Assert.Equal(50 + 5 + 20 + 4, p.Done);
        Assert.Equal(10 + 2 + 3, p.Open);
        Assert.Equal(p.Total - 6, p.Done + p.Open);
        Assert.Equal(79.0, p.Percent, precision: 9);
        Assert.Equal(6, p.Count(DeliveryState.WaitingForQuota));
    }

    [Fact]
    public void Count_StateNotPresent_IsZero()
    {
        var p = Progress(byState: new Dictionary<DeliveryState, int> { [DeliveryState.Sent] = 3 });

        Assert.Equal(0, p.Count(DeliveryState.Failed));
        Assert.Equal(100.0, p.Percent);
    }

    [Fact]
    public void NoDeliveries_PercentIsZero_NotNaN()
    {
        var p = Progress(byState: new Dictionary<DeliveryState, int>());

        Assert.Equal((0, 0, 0, 0.0), (p.Total, p.Done, p.Open, p.Percent));
        Assert.Null(p.Remaining);
    }

    [Fact]
    public void Elapsed_WhileRunning_IsToNow()
    {
        Assert.Equal(TimeSpan.FromSeconds(200), Progress().Elapsed);
    }

    [Fact]
    public void Elapsed_WhenFinished_IsToTheFinish_NotNow()
    {
        var p = Progress(BroadcastState.Completed, finished: Started.AddSeconds(75));

        Assert.Equal(TimeSpan.FromSeconds(75), p.Elapsed);
    }

    [Fact]
    public void Remaining_AddsTheLastRoundTrip_AtTheLatencyMeasured()
    {
        // 15 open at 5 users/s start within 3 s; the last one's check and send (2 requests a user) then take 2 × 1.5 s.
        var slow = Progress(activity: Activity(requests: 10, users: 5) with { Latency = TimeSpan.FromMilliseconds(1500) });
        Assert.Equal(TimeSpan.FromSeconds(3 + 3), slow.Remaining);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), slow.Latency);

        // Sends only (the users' checks are remembered): one request a user, one round trip at the end.
        var sendsOnly = Progress(activity: Activity(requests: 5, users: 5) with { Latency = TimeSpan.FromSeconds(4) });
        Assert.Equal(TimeSpan.FromSeconds(3 + 4), sendsOnly.Remaining);

        // Few left and a slow provider: the time left is the round trip, not a fraction of a second.
        var fewLeft = Progress(byState: new Dictionary<DeliveryState, int> { [DeliveryState.Sending] = 2, [DeliveryState.Sent] = 98 },
            activity: Activity(requests: 20, users: 10) with { Latency = TimeSpan.FromSeconds(2) });
        Assert.Equal(TimeSpan.FromSeconds(5), fewLeft.Remaining); // 0.2 s + 2 × 2 s, rounded up
    }

    [Fact]
    public void Latency_IsThisBroadcastsOwn_WhenItHasOne_ElseTheChannels()
    {
        var shared = Activity(requests: 18, users: 9, limit: 20) with
        {
            Latency = TimeSpan.FromMilliseconds(300),
            ByBroadcast = new Dictionary<int, BroadcastRate> { [7] = new(12, 6, TimeSpan.FromMilliseconds(900)), [8] = new(6, 3) },
        };

        Assert.Equal(TimeSpan.FromMilliseconds(900), new BroadcastProgress(BroadcastState.Sending, Mixed, Started, null, shared, Now, BroadcastId: 7).Latency);
        Assert.Equal(TimeSpan.FromMilliseconds(300), new BroadcastProgress(BroadcastState.Sending, Mixed, Started, null, shared, Now, BroadcastId: 8).Latency);
    }

    [Fact]
    public void Elapsed_LeavesOutThePausesThatEnded_AndThePauseGoingOnNow()
    {
        // Started 200 s ago; stood paused 50 s earlier on, and has stood paused again for the last 30 s.
        var paused = new BroadcastProgress(BroadcastState.Paused, Mixed, Started, null, Activity(), Now, PausedMs: 50_000,
            PausedUtc: Now.UtcDateTime.AddSeconds(-30));
        Assert.Equal(TimeSpan.FromSeconds(200 - 50 - 30), paused.Elapsed);
        Assert.Equal(TimeSpan.FromSeconds(80), paused.PausedFor);

        // Resumed: the pauses that ended stay out.
        var resumed = new BroadcastProgress(BroadcastState.Sending, Mixed, Started, null, Activity(), Now, PausedMs: 80_000);
        Assert.Equal(TimeSpan.FromSeconds(120), resumed.Elapsed);

        // Cancelled while paused: elapsed stops where the pause began.
        var cancelled = new BroadcastProgress(BroadcastState.Cancelled, Mixed, Started, Started.AddSeconds(150), Activity(), Now,
            PausedUtc: Started.AddSeconds(100));
        Assert.Equal(TimeSpan.FromSeconds(100), cancelled.Elapsed);
    }

    [Fact]
    public void Elapsed_NotStarted_IsNull()
    {
        var p = new BroadcastProgress(BroadcastState.Queued, Mixed, null, null, Activity(), Now);

        Assert.Null(p.Elapsed);
    }

    [Fact]
    public void Remaining_IsOpenOverUsersPerSecond_RoundedUpToWholeSeconds()
    {
        // 15 open at 4.5 users/s: 3.33 s, shown as 4 s.
        Assert.Equal(TimeSpan.FromSeconds(4), Progress().Remaining);
        Assert.Equal(TimeSpan.FromSeconds(15), Progress(activity: Activity(users: 1)).Remaining);
    }

    [Fact]
    public void Remaining_ByUsersNotRequests()
    {
        // A new user costs a check and a send: 2 requests per user reached.
        var p = Progress(activity: Activity(requests: 10, users: 5));

        Assert.Equal(TimeSpan.FromSeconds(3), p.Remaining);
    }

    [Theory]
    [InlineData(BroadcastState.Paused)]
    [InlineData(BroadcastState.Queued)]
    [InlineData(BroadcastState.WaitingForQuota)]
    [InlineData(BroadcastState.Completed)]
    [InlineData(BroadcastState.Cancelled)]
    public void NotSending_NoRemaining_AndRatesZero_ThoughTheChannelHasActivity(BroadcastState state)
    {
        var p = Progress(state);

        Assert.False(p.Running);
        Assert.Null(p.Remaining);
        Assert.Equal(0, p.RequestsPerSecond);
        Assert.Equal(0, p.UsersPerSecond);
        Assert.Equal(10, p.RateLimit); // the limit is the channel's, shown whatever the state
    }

    [Fact]
    public void Sending_RatesAreTheChannelsActivity()
    {
        var p = Progress();

        Assert.True(p.Running);
        Assert.Equal((9.5, 4.5, 10), (p.RequestsPerSecond, p.UsersPerSecond, p.RateLimit));
    }

    [Fact]
    public void TwoBroadcastsOnTheChannel_EachShowsItsOwnShare_AndItsTimeLeftByIt()
    {
        var shared = Activity(requests: 18, users: 9, limit: 20) with
        {
            ByBroadcast = new Dictionary<int, BroadcastRate> { [7] = new(12, 6), [8] = new(6, 3) },
        };

        var seven = new BroadcastProgress(BroadcastState.Sending, Mixed, Started, null, shared, Now, BroadcastId: 7);
        var eight = new BroadcastProgress(BroadcastState.Sending, Mixed, Started, null, shared, Now, BroadcastId: 8);
        var other = new BroadcastProgress(BroadcastState.Sending, Mixed, Started, null, shared, Now, BroadcastId: 9);

        Assert.Equal((12.0, 6.0, 20), (seven.RequestsPerSecond, seven.UsersPerSecond, seven.RateLimit));
        Assert.Equal((6.0, 3.0, 20), (eight.RequestsPerSecond, eight.UsersPerSecond, eight.RateLimit));
        Assert.Equal((0.0, 0.0), (other.RequestsPerSecond, other.UsersPerSecond)); // made no request in the last seconds
        Assert.Equal(TimeSpan.FromSeconds(3), seven.Remaining); // 15 open at 6 users/s: 2.5 s, rounded up
        Assert.Equal(TimeSpan.FromSeconds(5), eight.Remaining);
        Assert.Null(other.Remaining);
    }

    [Fact]
    public void Sending_NoPaceYet_RemainingNull()
    {
        Assert.Null(Progress(activity: Activity(requests: 0, users: 0)).Remaining);
        Assert.Null(Progress(activity: Activity(requests: 3, users: 0)).Remaining); // checks only so far: nobody reached yet
    }

    [Fact]
    public void Sending_NoActivityYet_RatesAndLimitZero_RemainingNull()
    {
        var p = Progress(noActivity: true);

        Assert.Equal((0.0, 0.0, 0), (p.RequestsPerSecond, p.UsersPerSecond, p.RateLimit));
        Assert.Null(p.Remaining);
    }

    [Fact]
    public void Sending_ProviderAway_SaysSinceWhen_AndNoTimeLeft_ThoughTheLastSecondsHadAPace()
    {
        var held = Activity() with { HeldSince = Now.AddMinutes(-1) };

        var p = Progress(activity: held);

        Assert.Equal(Now.AddMinutes(-1), p.ProviderAwaySince);
        Assert.Null(p.Remaining);
        Assert.Equal(TimeSpan.FromSeconds(4), Progress().Remaining); // the same pace, the provider answering: 15 open at 4.5 users/s
    }

    [Theory]
    [InlineData(BroadcastState.Paused)]
    [InlineData(BroadcastState.Queued)]
    [InlineData(BroadcastState.Completed)]
    [InlineData(BroadcastState.Cancelled)]
    public void NotSending_ChannelHeld_IsNotThisBroadcastsWait(BroadcastState state) =>
        Assert.Null(Progress(state, activity: Activity() with { HeldSince = Now.AddMinutes(-1) }).ProviderAwaySince);

    [Theory]
    [InlineData(BroadcastState.Paused, 3, 0, 3)]
    [InlineData(BroadcastState.Paused, 3, 2, 3)]
    [InlineData(BroadcastState.Cancelled, 3, 1, 1)]
    [InlineData(BroadcastState.Cancelled, 3, 0, 0)]
    [InlineData(BroadcastState.Paused, 0, 0, 0)]
    [InlineData(BroadcastState.Sending, 16, 8, 0)]
    public void Stopping_PausedWhileRequestsAreOut_CancelledWhileMessagesAreOut(BroadcastState state, int withProvider, int sendsOut, int stoppingFor)
    {
        var progress = new BroadcastProgress(state, Mixed, Started, null, Activity(), Now, WithProvider: withProvider, SendsOut: sendsOut);

        Assert.Equal((stoppingFor, stoppingFor > 0), (progress.StoppingFor, progress.Stopping));
    }

    [Fact]
    public void Sending_NothingOpen_RemainingNull_ThoughSomeWaitForQuota()
    {
        var p = Progress(byState: new Dictionary<DeliveryState, int> { [DeliveryState.Sent] = 10, [DeliveryState.WaitingForQuota] = 4 });

        Assert.Equal(0, p.Open);
        Assert.Null(p.Remaining);
    }
}
