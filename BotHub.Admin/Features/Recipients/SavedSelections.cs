using System.Text.Json;
using BotHub.Admin.Data;
using BotHub.Admin.Features.Audit;
using Microsoft.EntityFrameworkCore;

namespace BotHub.Admin.Features.Recipients;

public sealed record SelectionSummary(int Id, string Name, int Count, string CreatedBy, DateTime CreatedUtc);

/// <summary>Named lists of recipients saved from the recipients page (what was matched then), for the composer's picker.</summary>
public sealed class SavedSelections(IDbContextFactory<AppDbContext> factory, RecipientBulk bulk, AuditLog audit, TimeProvider time)
{
    public const int MaxNameLength = 200;

    public async Task<IReadOnlyList<SelectionSummary>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.SavedSelections.AsNoTracking().OrderBy(s => s.Name)
            .Select(s => new SelectionSummary(s.Id, s.Name, s.Count, s.CreatedBy, s.CreatedUtc)).ToListAsync(ct);
    }

    /// <summary>Saves who the scope covers now under a name; saving under an existing name replaces that list.</summary>
    public async Task<SelectionSummary> SaveAsync(string name, RecipientScope scope, AuditActor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        name = (name ?? "").Trim();
        if (name.Length is 0 or > MaxNameLength)
        {
            throw new ArgumentException($"A selection's name has 1 to {MaxNameLength} characters.", nameof(name));
        }

        await using var db = await factory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SavedSelections.Where(s => s.Name == name).ExecuteDeleteAsync(ct);
        var selection = new SavedSelection { Name = name, CreatedBy = actor.UserName ?? "", CreatedUtc = time.GetUtcNow().UtcDateTime };
        db.SavedSelections.Add(selection);
        await db.SaveChangesAsync(ct);
        var count = 0;
        await foreach (var chunk in RecipientBulk.ChunksAsync(bulk.Target(db, scope), ct))
        {
            var json = JsonSerializer.Serialize(chunk);
            count += await db.Database.ExecuteSqlAsync(
                $"""INSERT OR IGNORE INTO "SavedSelectionMembers" ("SelectionId", "RecipientId") SELECT {selection.Id}, value FROM json_each({json})""", ct);
        }

        selection.Count = count;
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        await audit.WriteAsync(actor, AuditKind.SelectionSaved, name, AuditText.Of("AuditDetail.SelectionSaved", count, scope.Audit()), ct);
        return new(selection.Id, selection.Name, count, selection.CreatedBy, selection.CreatedUtc);
    }

    public async Task DeleteAsync(int id, AuditActor actor, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var name = await db.SavedSelections.Where(s => s.Id == id).Select(s => s.Name).FirstOrDefaultAsync(ct);
        if (name is not null && await db.SavedSelections.Where(s => s.Id == id).ExecuteDeleteAsync(ct) > 0)
        {
            await audit.WriteAsync(actor, AuditKind.SelectionDeleted, name, ct: ct);
        }
    }
}
