using BotHub.Admin.Features.Sending;

namespace BotHub.Admin.Features.Broadcasts.Live;

/// <summary>
/// A broadcast's figures as its page shows them while it runs: counts by state, share done, the rate it achieves against its
/// channel's limit, time elapsed and the time still needed at the present pace.
/// </summary>
/// <param name="BroadcastId">Whose share of the channel's rate is shown; null shows the whole channel's.</param>
public sealed record BroadcastProgress(BroadcastState State, IReadOnlyDictionary<DeliveryState, int> ByState, DateTime? StartedUtc,
    DateTime? FinishedUtc, ChannelActivity? Activity, DateTimeOffset Now, int? BroadcastId = null, int WithProvider = 0, int SendsOut = 0,
    int NotReached = 0, long PausedMs = 0, DateTime? PausedUtc = null)
{
    /// <summary>Its deliveries in the parts they ended in (or are still open): what the bar, the chip and the ending show.</summary>
    public BroadcastTally Tally => BroadcastTally.From(ByState, NotReached);

    /// <summary>The share sent, which alone fills the bar green: a cancelled or failed delivery is done but not sent.</summary>
    public double SentPercent => Total == 0 ? 0 : 100.0 * Count(DeliveryState.Sent) / Total;

    /// <summary>
    /// Paused with requests still out, or cancelled with messages still out (a check's answer no longer matters: its message
    /// is cancelled, as the cancel said): their answers are awaited and recorded.
    /// </summary>
    public bool Stopping => StoppingFor > 0;

    /// <summary>What the page says is still with the provider: requests for a pause, messages for a cancel.</summary>
    public int StoppingFor => State switch
    {
        BroadcastState.Paused => WithProvider,
        BroadcastState.Cancelled => SendsOut,
        _ => 0,
    };

    /// <summary>Since when the channel's provider has not answered (the engine retries with a probe); null when it answers.</summary>
    public DateTimeOffset? ProviderAwaySince => State is BroadcastState.Sending or BroadcastState.WaitingForQuota ? Activity?.HeldSince : null;

    public int Count(DeliveryState state) => ByState.GetValueOrDefault(state);

    public int Total => ByState.Values.Sum();

    /// <summary>Deliveries that will not change again: sent, failed, excluded or cancelled.</summary>
    public int Done => Count(DeliveryState.Sent) + Count(DeliveryState.Failed) + Count(DeliveryState.Excluded) + Count(DeliveryState.Cancelled);

    /// <summary>Deliveries the engine still works on now (waiting for quota ones wait for the next day).</summary>
    public int Open => Count(DeliveryState.Queued) + Count(DeliveryState.Checking) + Count(DeliveryState.Sending);

    public double Percent => Total == 0 ? 0 : 100.0 * Done / Total;

    /// <summary>How long it stood paused after it started, the pause going on now included.</summary>
    public TimeSpan PausedFor => StartedUtc is { } started
        ? (FinishedUtc ?? Now.UtcDateTime) - started - Elapsed!.Value
        : TimeSpan.Zero;

    /// <summary>Time spent sending since it started, up to its end or now; the time it stood paused is left out.</summary>
    public TimeSpan? Elapsed => StartedUtc is { } started
        ? Broadcast.ActiveTime(started, FinishedUtc ?? Now.UtcDateTime, PausedMs, PausedUtc)
        : null;

    public double RequestsPerSecond => !Running || Activity is null ? 0
        : BroadcastId is { } id ? Activity.RateOf(id).RequestsPerSecond : Activity.RequestsPerSecond;

    public double UsersPerSecond => !Running || Activity is null ? 0
        : BroadcastId is { } id ? Activity.RateOf(id).UsersPerSecond : Activity.UsersPerSecond;

    /// <summary>The channel's limit in requests per second (0 before the engine has looked at the channel).</summary>
    public int RateLimit => Activity?.RateLimit ?? 0;

    public bool Running => State == BroadcastState.Sending;

    /// <summary>How long the provider takes to answer now: this broadcast's requests, else the channel's; null before any answer.</summary>
    public TimeSpan? Latency => (BroadcastId is { } id ? Activity?.RateOf(id).Latency : null) ?? Activity?.Latency;

    /// <summary>
    /// At the users/s now achieved, how long the open deliveries take to start, plus the round trip of the last one's
    /// requests at the latency now measured (as many requests as a user now takes: a check and a send, or only a send);
    /// null when not sending, no pace yet, or the provider is away (the pace of the last seconds says nothing about when it
    /// answers again).
    /// </summary>
    public TimeSpan? Remaining => Running && ProviderAwaySince is null && Open > 0 && UsersPerSecond > 0
        ? TimeSpan.FromSeconds(Math.Ceiling(Open / UsersPerSecond + LastRoundTrip.TotalSeconds)) : null;

    private TimeSpan LastRoundTrip => Latency is { } latency
        ? latency * Math.Clamp(RequestsPerSecond / UsersPerSecond, 1, 2)
        : TimeSpan.Zero;
}
