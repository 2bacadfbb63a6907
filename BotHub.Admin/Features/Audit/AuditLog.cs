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
    /// <summary>Details in English words only; the page shows them as they are in every language. Prefer the <see cref="AuditText"/> overload.</summary>
    public Task WriteAsync(AuditActor actor, AuditKind kind, string? subject = null, string? details = null,
        CancellationToken ct = default) => WriteEntryAsync(actor, kind, subject, details, null, ct);

    /// <summary>Details by resource key: the page says them in its reader's language; the English rendering is kept for search and export.</summary>
    public Task WriteAsync(AuditActor actor, AuditKind kind, string? subject, AuditText details, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(details);
        var args = details.ArgsJson();
        // Arguments too long to keep whole (a very long name) leave the entry with its English text alone.
        return args.Length <= ArgsMax
            ? WriteEntryAsync(actor, kind, subject, details.English(), details, ct)
            : WriteEntryAsync(actor, kind, subject, details.English(), null, ct);
    }

    private const int ArgsMax = 4000;

    private async Task WriteEntryAsync(AuditActor actor, AuditKind kind, string? subject, string? details, AuditText? text, CancellationToken ct)
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
            DetailsKey = text?.Key,
            DetailsArgs = text?.ArgsJson(),
        });
        await db.SaveChangesAsync(ct);
    }

    // Between characters, never inside a surrogate pair: names and details come from outside.
    private static string? Trim(string? s, int max) => Security.TextCap.Cap(s, max);
}
