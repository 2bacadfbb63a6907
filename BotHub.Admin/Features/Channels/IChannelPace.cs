namespace BotHub.Admin.Features.Channels;

/// <summary>
/// The channel's one pace, kept by the engine: every request of a channel takes its turn in it (a key's test too), so a
/// test is counted in the channel's rate rather than added on top of it.
/// </summary>
public interface IChannelPace
{
    ValueTask TakeTurnAsync(int channelId, int ratePerSecond, int burst, CancellationToken ct);
}
