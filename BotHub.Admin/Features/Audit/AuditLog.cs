using BotHub.Admin.Data;
using Microsoft.EntityFrameworkCore;

namespace BotHub.Admin.Features.Audit;

/// <summary>Who acted and from where.</summary>
public sealed record AuditActor(string? UserId, string? UserName, string? Address)
{
    public static AuditActor System { get; } = new(null, "system", null);
}

/// <summary>The one way every feature writes to the audit log.</summary>
public sealed class AuditLog(IDbContextFactory<AppDbContext> factory, TimeProvider time)
{
    public async Task WriteAsync(AuditActor actor, AuditKind kind, string? subject = null, string? details = null,
        CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        db.AuditEntries.Add(new AuditEntry
        {
            AtUtc = time.GetUtcNow().UtcDateTime,
            Kind = kind,
            ActorId = actor.UserId,
            ActorName = Trim(actor.UserName, 256),
            Address = Trim(actor.Address, 64),
            Subject = Trim(subject, 256),
            Details = Trim(details, 2000),
        });
        await db.SaveChangesAsync(ct);
    }

    // Between characters, never inside a surrogate pair: names and details come from outside.
    private static string? Trim(string? s, int max) => Security.TextCap.Cap(s, max);
}
