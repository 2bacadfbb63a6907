using BotHub.Admin.Data;
using Microsoft.EntityFrameworkCore;

namespace BotHub.Admin.Features.Recipients;

/// <summary>Reads recipients: filtered, sorted, paged and counted in the database.</summary>
public sealed class RecipientQuery(IDbContextFactory<AppDbContext> factory, TimeProvider time)
{
    public async Task<(IReadOnlyList<RecipientRow> Rows, int Total)> PageAsync(RecipientFilter filter, RecipientSort sort, bool descending,
        int page, int pageSize, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var q = Apply(db, filter);
        var total = await q.CountAsync(ct);
        q = (sort, descending) switch
        {
            (RecipientSort.Name, false) => q.OrderBy(r => r.Name).ThenBy(r => r.Id),
            (RecipientSort.Name, true) => q.OrderByDescending(r => r.Name).ThenByDescending(r => r.Id),
            (RecipientSort.Created, false) => q.OrderBy(r => r.CreatedUtc).ThenBy(r => r.Id),
            (RecipientSort.Created, true) => q.OrderByDescending(r => r.CreatedUtc).ThenByDescending(r => r.Id),
            (RecipientSort.OptIn, false) => q.OrderBy(r => r.OptIn).ThenBy(r => r.Id),
            (RecipientSort.OptIn, true) => q.OrderByDescending(r => r.OptIn).ThenByDescending(r => r.Id),
            (_, false) => q.OrderBy(r => r.Phone),
            (_, true) => q.OrderByDescending(r => r.Phone),
        };
        var rows = await q.Skip(page * pageSize).Take(pageSize)
            .Select(r => new RecipientRow(r.Id, r.Phone, r.Name, r.OptIn, r.OptInChangedUtc, r.CreatedUtc,
                r.Tags.OrderBy(t => t.Tag).Select(t => t.Tag).ToList()))
            .ToListAsync(ct);
        return (rows, total);
    }

    public async Task<int> CountAsync(RecipientFilter filter, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await Apply(db, filter).CountAsync(ct);
    }

    /// <summary>How many recipients a channel may push to right now.</summary>
    public async Task<int> CountEligibleAsync(int channelId, TimeZoneInfo zone, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var start = Eligibility.DayStartUtc(zone, time.GetUtcNow()).UtcDateTime;
        return await db.RecipientActivity
            .Where(a => a.ChannelId == channelId && a.LastInboundUtc >= start)
            .Join(db.Recipients.Where(r => r.OptIn == OptInStatus.OptedIn), a => a.RecipientId, r => r.Id, (a, r) => r.Id)
            .CountAsync(ct);
    }

    /// <summary>The filter as a query; shared by the page, bulk actions and the export.</summary>
    public IQueryable<Recipient> Apply(AppDbContext db, RecipientFilter f)
    {
        var q = db.Recipients.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(f.Search))
        {
            var s = f.Search.Trim().Replace("\\", "\\\\", StringComparison.Ordinal)
                .Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
            q = q.Where(r => EF.Functions.Like(r.Phone, "%" + s + "%", "\\") || (r.Name != null && EF.Functions.Like(r.Name, "%" + s + "%", "\\")));
        }

        if (!string.IsNullOrWhiteSpace(f.Tag))
        {
            var tag = f.Tag.Trim();
            // IN (subquery) rather than EXISTS per row: SQLite reads the tag's ids from its index once.
            q = q.Where(r => db.Set<RecipientTag>().Where(t => t.Tag == tag).Select(t => t.RecipientId).Contains(r.Id));
        }

        if (f.OptIn is { } optIn)
        {
            q = q.Where(r => r.OptIn == optIn);
        }

        if (f.EligibleOnChannel is { } channelId)
        {
            var start = Eligibility.DayStartUtc(f.ChannelZone ?? TimeZoneInfo.Utc, time.GetUtcNow()).UtcDateTime;
            q = q.Where(r => r.OptIn == OptInStatus.OptedIn
                && db.Set<RecipientChannelActivity>().Where(a => a.ChannelId == channelId && a.LastInboundUtc >= start).Select(a => a.RecipientId).Contains(r.Id));
        }

        return q;
    }
}
