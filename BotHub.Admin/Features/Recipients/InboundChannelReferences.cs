using BotHub.Admin.Data;
using BotHub.Admin.Features.Channels;

namespace BotHub.Admin.Features.Recipients;

/// <summary>Messages users wrote to a channel are its history: the channel cannot be deleted while they are kept.</summary>
public sealed class InboundChannelReferences : IChannelReferences
{
    public IQueryable<int> ChannelsWithRows(AppDbContext db) => db.InboundMessages.Select(m => m.ChannelId);

    public IQueryable<int>? ChannelsWithWorkToDo(AppDbContext db) => null;
}
