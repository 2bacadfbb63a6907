using BotHub.Admin.Data;

namespace BotHub.Admin.Features.Channels;

/// <summary>
/// Rows another feature keeps on a channel, told by that feature (the engine's broadcasts, the inbound messages): a
/// channel with any is kept for its history, and one with work still to do keeps an enabled key. Each answer is a query of
/// channel ids that Channels puts inside its own conditional statement, so the check and the change stay one statement.
/// </summary>
public interface IChannelReferences
{
    /// <summary>Ids of the channels this feature has rows for (any, ever).</summary>
    IQueryable<int> ChannelsWithRows(AppDbContext db);

    /// <summary>Ids of the channels with work of this feature still to do; null when it has no such work.</summary>
    IQueryable<int>? ChannelsWithWorkToDo(AppDbContext db);
}

/// <summary>Every feature's <see cref="IChannelReferences"/>, asked as one query.</summary>
public sealed class ChannelReferences(IEnumerable<IChannelReferences> owners)
{
    private readonly IChannelReferences[] _owners = [.. owners];

    public IQueryable<int> WithRows(AppDbContext db) => Union(db, _owners.Select(o => o.ChannelsWithRows(db)));

    public IQueryable<int> WithWorkToDo(AppDbContext db) => Union(db, _owners.Select(o => o.ChannelsWithWorkToDo(db)));

    private static IQueryable<int> Union(AppDbContext db, IEnumerable<IQueryable<int>?> parts) =>
        parts.OfType<IQueryable<int>>().Aggregate((IQueryable<int>?)null, (all, next) => all is null ? next : all.Concat(next))
            ?? db.Channels.Where(_ => false).Select(c => c.Id);
}
