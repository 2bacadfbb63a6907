using BotHub.Admin.Features.Channels;

namespace BotHub.Admin.Features.Sending;

/// <summary>A turn in the channel's sender bucket (<see cref="ChannelPacing"/>), for requests the engine does not make itself.</summary>
public sealed class ChannelTurns(ChannelPacing pacing) : IChannelPace
{
    public ValueTask TakeTurnAsync(int channelId, int ratePerSecond, int burst, CancellationToken ct) =>
        pacing.BucketOf(channelId, ratePerSecond, burst).TakeAsync(ct);
}
