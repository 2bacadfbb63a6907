using System.Text.Json;
using BotHub.Admin.Data;
using BotHub.Admin.Features.Audit;
using Microsoft.EntityFrameworkCore;

namespace BotHub.Admin.Features.Compose;

public sealed record DraftSummary(int Id, DraftKind Kind, string Name, string Type, string? Summary, string OwnerId, string OwnerName,
    DateTime UpdatedUtc);

/// <summary>Drafts (one person's unfinished compositions) and templates (named messages anyone can start from).</summary>
public sealed class DraftStore(IDbContextFactory<AppDbContext> factory, AuditLog audit, TimeProvider time)
{
    public const int MaxNameLength = 200;

    /// <summary>The drafts of one person, or every template; newest first.</summary>
    public async Task<IReadOnlyList<DraftSummary>> ListAsync(DraftKind kind, string userId, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var q = db.MessageDrafts.AsNoTracking().Where(d => d.Kind == kind);
        if (kind == DraftKind.Draft)
        {
            q = q.Where(d => d.OwnerId == userId);
        }

        return await q.OrderByDescending(d => d.UpdatedUtc)
            .Select(d => new DraftSummary(d.Id, d.Kind, d.Name, d.Type, d.Summary, d.OwnerId, d.OwnerName, d.UpdatedUtc))
            .ToListAsync(ct);
    }

    /// <summary>Saves a draft: a new one, or over <paramref name="id"/> when it is the person's own draft.</summary>
    public async Task<int> SaveDraftAsync(int? id, string? name, ComposeModel model, AuditActor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await factory.CreateDbContextAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        var draft = id is { } existing
            ? await db.MessageDrafts.FirstOrDefaultAsync(d => d.Id == existing && d.Kind == DraftKind.Draft && d.OwnerId == actor.UserId, ct)
            : null;
        if (draft is null)
        {
            draft = new MessageDraft { Kind = DraftKind.Draft, OwnerId = actor.UserId ?? "", OwnerName = actor.UserName ?? "", CreatedUtc = now };
            db.MessageDrafts.Add(draft);
        }

        Fill(draft, NameOr(name, model), model, now);
        await db.SaveChangesAsync(ct);
        return draft.Id;
    }

    /// <summary>Saves the message (not its recipients or schedule) as a named template everyone can start from.</summary>
    public async Task<int> SaveTemplateAsync(string name, ComposeModel model, AuditActor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await factory.CreateDbContextAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        var message = new ComposeModel { Message = model.Message.Copy(), Fallbacks = model.Fallbacks };
        var template = new MessageDraft
        {
            Kind = DraftKind.Template, OwnerId = actor.UserId ?? "", OwnerName = actor.UserName ?? "", CreatedUtc = now,
        };
        Fill(template, NameOr(name, model), message, now);
        db.MessageDrafts.Add(template);
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(actor, AuditKind.TemplateSaved, template.Name, AuditText.Of("AuditDetail.TemplateSaved", AuditText.Of($"Compose.Type.{template.Type}"), template.Summary), ct);
        return template.Id;
    }

    /// <summary>A draft of this person or any template, as the composer's state; null when neither.</summary>
    public async Task<(DraftSummary Summary, ComposeModel Model)?> LoadAsync(int id, string userId, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var d = await db.MessageDrafts.AsNoTracking()
            .FirstOrDefaultAsync(d => d.Id == id && (d.Kind == DraftKind.Template || d.OwnerId == userId), ct);
        if (d is null)
        {
            return null;
        }

        var model = JsonSerializer.Deserialize<ComposeModel>(d.PayloadJson) ?? new ComposeModel();
        return (new DraftSummary(d.Id, d.Kind, d.Name, d.Type, d.Summary, d.OwnerId, d.OwnerName, d.UpdatedUtc), model);
    }

    /// <summary>A new draft of this person with the content of a draft or template.</summary>
    public async Task<int?> DuplicateAsync(int id, AuditActor actor, string copySuffix, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return await LoadAsync(id, actor.UserId ?? "", ct) is { } found
            ? await SaveDraftAsync(null, Clip(found.Summary.Name + copySuffix), found.Model, actor, ct)
            : null;
    }

    /// <summary>Deletes one's own draft, or a template one made (an admin may delete any template).</summary>
    public async Task<bool> DeleteAsync(int id, AuditActor actor, bool isAdmin, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await factory.CreateDbContextAsync(ct);
        var d = await db.MessageDrafts.FirstOrDefaultAsync(d => d.Id == id, ct);
        if (d is null || (d.OwnerId != actor.UserId && !(isAdmin && d.Kind == DraftKind.Template)))
        {
            return false;
        }

        db.MessageDrafts.Remove(d);
        await db.SaveChangesAsync(ct);
        if (d.Kind == DraftKind.Template)
        {
            await audit.WriteAsync(actor, AuditKind.TemplateDeleted, d.Name, ct: ct);
        }

        return true;
    }

    private static void Fill(MessageDraft d, string name, ComposeModel model, DateTime now)
    {
        d.Name = name;
        d.Type = model.Message.Type;
        d.Summary = model.Message.Template is { } t ? Clip(t, 200) : null;
        d.PayloadJson = JsonSerializer.Serialize(model);
        d.UpdatedUtc = now;
    }

    private static string NameOr(string? name, ComposeModel model) =>
        Clip(string.IsNullOrWhiteSpace(name) ? model.Message.Template ?? model.Message.Type : name.Trim());

    private static string Clip(string s, int max = MaxNameLength) => Security.TextCap.Cap(s, max)!;
}
