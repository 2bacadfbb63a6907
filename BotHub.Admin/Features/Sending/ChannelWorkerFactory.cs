namespace BotHub.Admin.Features.Sending;

/// <summary>
/// Makes a channel's worker from the container's services: the pieces that belong to one channel (its pacing, meters,
/// quota and recorder) are made for it with its id, the rest (the provider call, the store, the options, the clock) are
/// the registered ones.
/// </summary>
public sealed class ChannelWorkerFactory(IServiceProvider services)
{
    public ChannelWorker Create(int channelId) =>
        ActivatorUtilities.CreateInstance<ChannelWorker>(services, channelId,
            ActivatorUtilities.CreateInstance<ChannelPace>(services, channelId),
            ActivatorUtilities.CreateInstance<ChannelMeters>(services, channelId),
            ActivatorUtilities.CreateInstance<ChannelQuota>(services),
            ActivatorUtilities.CreateInstance<DeliveryRecorder>(services, channelId));
}
