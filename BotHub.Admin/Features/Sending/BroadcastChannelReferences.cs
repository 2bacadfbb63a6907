using BotHub.Admin.Data;
using BotHub.Admin.Features.Channels;

namespace BotHub.Admin.Features.Sending;

/// <summary>Broadcasts keep their channel: any broadcast keeps it from deletion, an unfinished one keeps its last enabled key.</summary>
public sealed class BroadcastChannelReferences : IChannelReferences
{
    /// <summary>
    /// Every broadcast not finished. Sending, waiting for quota and queued ones send now; a paused one may be resumed at
    /// any moment; a scheduled one will need a key when its time comes.
    /// </summary>
    public static readonly BroadcastState[] Unfinished =
        [BroadcastState.Scheduled, BroadcastState.Queued, BroadcastState.Sending, BroadcastState.Paused, BroadcastState.WaitingForQuota];

    public IQueryable<int> ChannelsWithRows(AppDbContext db) => db.Broadcasts.Select(b => b.ChannelId);

    public IQueryable<int>? ChannelsWithWorkToDo(AppDbContext db) =>
        db.Broadcasts.Where(b => Unfinished.Contains(b.State)).Select(b => b.ChannelId);
}
