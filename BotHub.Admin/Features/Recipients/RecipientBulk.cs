using System.Text.Json;
using BotHub.Admin.Data;
using BotHub.Admin.Features.Audit;
using Microsoft.EntityFrameworkCore;

namespace BotHub.Admin.Features.Recipients;

/// <summary>What a bulk action applies to: the rows a person ticked, or everyone the current filter matches.</summary>
public sealed record RecipientScope(IReadOnlyCollection<int>? Ids, RecipientFilter? Filter)
{
    public static RecipientScope Selection(IEnumerable<int> ids) => new(ids.Distinct().ToList(), null);
    public static RecipientScope Matching(RecipientFilter filter) => new(null, filter);

    public string Describe() => Audit().English();

    /// <summary>The scope in words, for the audit log in each reader's language.</summary>
    public AuditText Audit() => Ids is not null
        ? AuditText.Of("AuditDetail.Scope.Selection", Ids.Count)
        : AuditText.Of("AuditDetail.Scope.Filter", Filter?.Search, Filter?.Tag,
            Filter?.OptIn is { } o ? AuditText.Of($"OptIn.{o}") : "", Filter?.EligibleOnChannel?.ToString(System.Globalization.CultureInfo.InvariantCulture));
}

/// <param name="Matched">Recipients the scope covered.</param>
/// <param name="Changed">Recipients whose data changed (a tag they already had, or a state they were in, is no change).</param>
public sealed record BulkResult(int Matched, int Changed);

/// <summary>
/// Bulk actions of the recipients page, in the database with set-based statements: updates and deletes run as one
/// statement; new rows (tags, opt-in history) go in one INSERT ... SELECT per chunk of ids, so 200,000 recipients
/// never pass through the change tracker. Each action writes one audit entry with its count.
/// </summary>
public sealed class RecipientBulk(IDbContextFactory<AppDbContext> factory, RecipientQuery query, AuditLog audit, TimeProvider time)
{
    public const int ChunkSize = 5_000;
    public const int MaxTagLength = 64;

    public async Task<BulkResult> AddTagAsync(RecipientScope scope, string tag, AuditActor actor, CancellationToken ct = default)
    {
        tag = CheckTag(tag);
        await using var db = await factory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var matched = await Target(db, scope).CountAsync(ct);
        var changed = 0;
        await foreach (var chunk in ChunksAsync(Target(db, scope).Where(r => !db.Set<RecipientTag>().Any(t => t.RecipientId == r.Id && t.Tag == tag)), ct))
        {
            var json = JsonSerializer.Serialize(chunk);
            changed += await db.Database.ExecuteSqlAsync(
                $"""INSERT OR IGNORE INTO "RecipientTags" ("RecipientId", "Tag") SELECT value, {tag} FROM json_each({json})""", ct);
        }

        await tx.CommitAsync(ct);
        await audit.WriteAsync(actor, AuditKind.RecipientsTagged, tag, AuditText.Of("AuditDetail.Tagged", changed, matched, scope.Audit()), ct);
        return new(matched, changed);
    }

    public async Task<BulkResult> RemoveTagAsync(RecipientScope scope, string tag, AuditActor actor, CancellationToken ct = default)
    {
        tag = CheckTag(tag);
        await using var db = await factory.CreateDbContextAsync(ct);
        var matched = await Target(db, scope).CountAsync(ct);
        var ids = Target(db, scope).Select(r => r.Id);
        var changed = await db.RecipientTags.Where(t => t.Tag == tag && ids.Contains(t.RecipientId)).ExecuteDeleteAsync(ct);
        await audit.WriteAsync(actor, AuditKind.RecipientsUntagged, tag, AuditText.Of("AuditDetail.Untagged", changed, matched, scope.Audit()), ct);
        return new(matched, changed);
    }

    /// <summary>Sets the opt-in state by hand (source Manual), recording the change in each recipient's history.</summary>
    public async Task<BulkResult> SetOptInAsync(RecipientScope scope, OptInStatus status, AuditActor actor, CancellationToken ct = default)
    {
        if (status == OptInStatus.Unknown)
        {
            throw new ArgumentOutOfRangeException(nameof(status), "A person opts a recipient in or out, not back to unknown.");
        }

        var now = time.GetUtcNow().UtcDateTime;
        var by = actor.UserName;
        await using var db = await factory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var matched = await Target(db, scope).CountAsync(ct);
        var changed = 0;
        await foreach (var chunk in ChunksAsync(Target(db, scope).Where(r => r.OptIn != status), ct))
        {
            var json = JsonSerializer.Serialize(chunk);
            var statusText = status.ToString();
            var source = nameof(OptInSource.Manual);
            await db.Database.ExecuteSqlAsync(
                $"""
                 INSERT INTO "OptInChanges" ("RecipientId", "AtUtc", "Status", "Source", "ByUser")
                 SELECT value, {now}, {statusText}, {source}, {by} FROM json_each({json})
                 """, ct);
            changed += await db.Recipients.Where(r => chunk.Contains(r.Id)).ExecuteUpdateAsync(s => s
                .SetProperty(r => r.OptIn, status)
                .SetProperty(r => r.OptInSource, OptInSource.Manual)
                .SetProperty(r => r.OptInChangedUtc, now), ct);
        }

        await tx.CommitAsync(ct);
        var kind = status == OptInStatus.OptedOut ? AuditKind.RecipientsOptedOut : AuditKind.RecipientsOptedIn;
        await audit.WriteAsync(actor, kind, null, AuditText.Of("AuditDetail.OptInChanged", changed, matched, AuditText.Of($"OptIn.{status}"), scope.Audit()), ct);
        return new(matched, changed);
    }

    /// <summary>The ids of <paramref name="query"/> in ascending chunks, each read after the previous one was acted on.</summary>
    internal static async IAsyncEnumerable<List<int>> ChunksAsync(IQueryable<Recipient> query,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var last = 0;
        while (true)
        {
            var after = last;
            var chunk = await query.Where(r => r.Id > after).OrderBy(r => r.Id).Select(r => r.Id).Take(ChunkSize).ToListAsync(ct);
            if (chunk.Count == 0)
            {
                yield break;
            }

            yield return chunk;
            last = chunk[^1];
        }
    }

    /// <summary>Deletes the recipients; their tags, history, activity and messages go with them (cascading keys).</summary>
    public async Task<BulkResult> DeleteAsync(RecipientScope scope, AuditActor actor, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var ids = Target(db, scope).Select(r => r.Id);
        var deleted = await db.Recipients.Where(r => ids.Contains(r.Id)).ExecuteDeleteAsync(ct);
        await audit.WriteAsync(actor, AuditKind.RecipientsDeleted, null, AuditText.Of("AuditDetail.RecipientsDeleted", deleted, scope.Audit()), ct);
        return new(deleted, deleted);
    }

    internal IQueryable<Recipient> Target(AppDbContext db, RecipientScope scope)
    {
        if (scope.Ids is { } ids)
        {
            var list = ids as List<int> ?? ids.ToList();
            return db.Recipients.Where(r => list.Contains(r.Id));
        }

        return query.Apply(db, scope.Filter ?? new RecipientFilter());
    }

    private static string CheckTag(string tag)
    {
        var t = tag.Trim();
        return t.Length is > 0 and <= MaxTagLength
            ? t
            : throw new ArgumentException($"A tag has 1 to {MaxTagLength} characters.", nameof(tag));
    }
}
