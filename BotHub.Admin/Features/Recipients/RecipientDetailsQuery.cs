using BotHub.Admin.Data;
using Microsoft.EntityFrameworkCore;

namespace BotHub.Admin.Features.Recipients;

/// <summary>One recipient as the details drawer shows it.</summary>
public sealed record RecipientDetails(
    int Id,
    string Phone,
    string? Name,
    OptInStatus OptIn,
    OptInSource? OptInSource,
    DateTime? OptInChangedUtc,
    DateTime CreatedUtc,
    IReadOnlyList<string> Tags,
    IReadOnlyDictionary<string, string> Attributes,
    IReadOnlyList<OptInChange> History,
    IReadOnlyDictionary<int, DateTime> LastInboundByChannel,
    IReadOnlyList<InboundMessage> Messages);

/// <summary>Reads what the recipients page shows beside its grid: one recipient's details, and last-inbound times.</summary>
public sealed class RecipientDetailsQuery(IDbContextFactory<AppDbContext> factory)
{
    public const int MessageLimit = 50;

    public async Task<RecipientDetails?> GetAsync(int id, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var r = await db.Recipients.AsNoTracking().Include(x => x.Tags).FirstOrDefaultAsync(x => x.Id == id, ct);
        if (r is null)
        {
            return null;
        }

        var history = await db.OptInChanges.AsNoTracking().Where(c => c.RecipientId == id)
            .OrderByDescending(c => c.AtUtc).ThenByDescending(c => c.Id).ToListAsync(ct);
        var activity = await db.RecipientActivity.AsNoTracking().Where(a => a.RecipientId == id)
            .ToDictionaryAsync(a => a.ChannelId, a => a.LastInboundUtc, ct);
        var messages = await db.InboundMessages.AsNoTracking().Where(m => m.RecipientId == id)
            .OrderByDescending(m => m.SentUtc).ThenByDescending(m => m.Id).Take(MessageLimit).ToListAsync(ct);
        return new RecipientDetails(r.Id, r.Phone, r.Name, r.OptIn, r.OptInSource, r.OptInChangedUtc, r.CreatedUtc,
            r.Tags.Select(t => t.Tag).Order(StringComparer.Ordinal).ToList(),
            new SortedDictionary<string, string>(r.Attributes, StringComparer.Ordinal), history, activity, messages);
    }

    /// <summary>When each of these recipients last wrote to the channel, in one query (for the grid's eligible column).</summary>
    public async Task<IReadOnlyDictionary<int, DateTime>> LastInboundAsync(int channelId, IReadOnlyCollection<int> recipientIds,
        CancellationToken ct = default)
    {
        if (recipientIds.Count == 0)
        {
            return new Dictionary<int, DateTime>();
        }

        var ids = recipientIds.ToList();
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.RecipientActivity.AsNoTracking()
            .Where(a => a.ChannelId == channelId && ids.Contains(a.RecipientId))
            .ToDictionaryAsync(a => a.RecipientId, a => a.LastInboundUtc, ct);
    }

    /// <summary>The tags in use, for the tag filter.</summary>
    public async Task<IReadOnlyList<string>> TagsAsync(CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.RecipientTags.AsNoTracking().Select(t => t.Tag).Distinct().OrderBy(t => t).Take(500).ToListAsync(ct);
    }
}
