using System.Collections.Concurrent;

namespace BotHub.Admin.Features.Sending;

/// <summary>
/// Each channel's one sender bucket and meter, shared by its worker and the keys page's "Test" button, so a test
/// request is paced with the channel's sending and counted in its rate rather than added on top of it.
/// </summary>
public sealed class ChannelPacing(TimeProvider time)
{
    private readonly ConcurrentDictionary<int, ChannelMeter> _meters = new();
    private readonly ConcurrentDictionary<int, SenderBucket> _buckets = new();

    public ChannelMeter MeterOf(int channelId) => _meters.GetOrAdd(channelId, _ => new ChannelMeter(time));

    /// <summary>The channel's bucket; a new one when its rate or burst were changed.</summary>
    public SenderBucket BucketOf(int channelId, int ratePerSecond, int burst) =>
        _buckets.AddOrUpdate(channelId,
            id => new SenderBucket(ratePerSecond, burst, time, MeterOf(id)),
            (id, b) => b.RatePerSecond == ratePerSecond && b.Burst == burst ? b : new SenderBucket(ratePerSecond, burst, time, MeterOf(id)));
}
