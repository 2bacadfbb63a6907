using System.Collections.Concurrent;

namespace BotHub.Admin.Features.Sending;

/// <summary>
/// Each channel's one sender bucket and meter, shared by its worker and the keys page's "Test" button, so a test
/// request is paced with the channel's sending and counted in its rate rather than added on top of it.
/// </summary>
/// <param name="maxRate">The most rate and burst may be (the provider's 20 in Live mode, <see cref="Provider.PacingLimit"/>): a
/// channel stored with more, before that limit or under another mode, is paced at it.</param>
public sealed class ChannelPacing(TimeProvider time, int maxRate = Provider.PacingLimit.Highest)
{
    private readonly ConcurrentDictionary<int, ChannelMeter> _meters = new();
    private readonly ConcurrentDictionary<int, SenderBucket> _buckets = new();

    public ChannelMeter MeterOf(int channelId) => _meters.GetOrAdd(channelId, _ => new ChannelMeter(time));

    /// <summary>
    /// The channel's one bucket, with the rate and burst just read from its settings: a change is applied to that bucket in
    /// place (never a second, full one), so every request of the channel, whoever reads its settings, takes from it.
    /// </summary>
    public SenderBucket BucketOf(int channelId, int ratePerSecond, int burst)
    {
        (ratePerSecond, burst) = (Math.Min(ratePerSecond, maxRate), Math.Min(burst, maxRate));
        var bucket = _buckets.GetOrAdd(channelId, id => new SenderBucket(ratePerSecond, burst, time, MeterOf(id)));
        bucket.Reconfigure(ratePerSecond, burst);
        return bucket;
    }
}
