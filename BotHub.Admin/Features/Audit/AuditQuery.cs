using BotHub.Admin.Data;
using Microsoft.EntityFrameworkCore;
using BotHub.Admin.Features.Clock;

namespace BotHub.Admin.Features.Audit;

/// <summary>What the audit page and its export filter by. Dates are whole UTC days, both ends included.</summary>
/// <summary>Entries by a user, of a kind, between two days (both included) of <paramref name="Zone"/> (UTC when none).</summary>
public sealed record AuditFilter(string? User = null, AuditKind? Kind = null, DateOnly? From = null, DateOnly? To = null, TimeZoneInfo? Zone = null)
{
    public IQueryable<AuditEntry> Apply(IQueryable<AuditEntry> q)
    {
        if (!string.IsNullOrWhiteSpace(User))
        {
            // The text is matched literally: % and _ typed by the user are not wildcards.
            var u = User.Trim().Replace("\\", "\\\\", StringComparison.Ordinal)
                .Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
            q = q.Where(x => x.ActorName != null && EF.Functions.Like(x.ActorName, "%" + u + "%", "\\"));
        }

        if (Kind is { } kind)
        {
            q = q.Where(x => x.Kind == kind);
        }

        if (From is { } from)
        {
            var start = Days.MidnightUtc(Zone ?? TimeZoneInfo.Utc, from).UtcDateTime;
            q = q.Where(x => x.AtUtc >= start);
        }

        if (To is { } to)
        {
            var end = Days.MidnightUtc(Zone ?? TimeZoneInfo.Utc, to.AddDays(1)).UtcDateTime;
            q = q.Where(x => x.AtUtc < end);
        }

        return q.OrderByDescending(x => x.AtUtc).ThenByDescending(x => x.Id);
    }
}

public sealed class AuditQuery(IDbContextFactory<AppDbContext> factory)
{
    public async Task<(IReadOnlyList<AuditEntry> Items, int Total)> PageAsync(AuditFilter filter, int page, int pageSize,
        CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var q = filter.Apply(db.AuditEntries.AsNoTracking());
        var total = await q.CountAsync(ct);
        var items = await q.Skip(page * pageSize).Take(pageSize).ToListAsync(ct);
        return (items, total);
    }

    public async IAsyncEnumerable<AuditEntry> StreamAsync(AuditFilter filter,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        await foreach (var e in filter.Apply(db.AuditEntries.AsNoTracking()).AsAsyncEnumerable().WithCancellation(ct))
        {
            yield return e;
        }
    }
}
