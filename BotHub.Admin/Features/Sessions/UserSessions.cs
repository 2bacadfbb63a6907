using BotHub.Admin.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BotHub.Admin.Features.Sessions;

/// <summary>A live session as its user sees it in the list.</summary>
public sealed record SessionRow(string Id, string? UserAgent, string? Address, DateTime CreatedUtc, DateTime LastSeenUtc,
    DateTime AbsoluteExpiresUtc);

/// <summary>Reads and ends sessions: a user's own list, and what account changes (disable, password, roles) do to them.</summary>
public sealed class UserSessions(IDbContextFactory<AppDbContext> factory, IOptions<SessionOptions> options, TimeProvider time)
{
    /// <summary>The user's live sessions, most recently seen first.</summary>
    public async Task<IReadOnlyList<SessionRow>> ListAsync(string userId, CancellationToken ct = default)
    {
        var now = Now;
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Set<UserSession>().AsNoTracking()
            .Where(s => s.UserId == userId && s.EndedUtc == null && s.ExpiresUtc > now && s.AbsoluteExpiresUtc > now)
            .OrderByDescending(s => s.LastSeenUtc)
            .Select(s => new SessionRow(s.Id, s.UserAgent, s.Address, s.CreatedUtc, s.LastSeenUtc, s.AbsoluteExpiresUtc))
            .ToListAsync(ct);
    }

    /// <summary>True while the session may be used: not ended, not past its absolute end.</summary>
    public async Task<bool> IsLiveAsync(string sessionId, CancellationToken ct = default)
    {
        var now = Now;
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Set<UserSession>().AnyAsync(
            s => s.Id == sessionId && s.EndedUtc == null && s.AbsoluteExpiresUtc > now, ct);
    }

    /// <summary>An open page in use keeps its session from going idle (never past the absolute end).</summary>
    public async Task KeepAliveAsync(string sessionId, CancellationToken ct = default)
    {
        var now = Now;
        var expires = now + options.Value.SessionIdleTimeout;
        await using var db = await factory.CreateDbContextAsync(ct);
        await db.Set<UserSession>().Where(s => s.Id == sessionId && s.EndedUtc == null && s.ExpiresUtc > now)
            .ExecuteUpdateAsync(u => u
                .SetProperty(s => s.ExpiresUtc, s => s.AbsoluteExpiresUtc < expires ? s.AbsoluteExpiresUtc : expires)
                .SetProperty(s => s.LastSeenUtc, now), ct);
    }

    /// <summary>Ends one of the user's sessions; false when it was not theirs or had already ended.</summary>
    public async Task<bool> EndAsync(string userId, string sessionId, SessionEnd reason, CancellationToken ct = default)
    {
        var now = Now;
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Set<UserSession>().Where(s => s.Id == sessionId && s.UserId == userId && s.EndedUtc == null)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.EndedUtc, now).SetProperty(s => s.EndReason, reason), ct) > 0;
    }

    /// <summary>Ends all the user's sessions but <paramref name="keep"/> (if given); returns how many ended.</summary>
    public async Task<int> EndAllAsync(string userId, SessionEnd reason, string? keep = null, CancellationToken ct = default)
    {
        var now = Now;
        await using var db = await factory.CreateDbContextAsync(ct);
        var sessions = db.Set<UserSession>().Where(s => s.UserId == userId && s.EndedUtc == null);
        if (keep is not null)
        {
            sessions = sessions.Where(s => s.Id != keep);
        }

        return await sessions.ExecuteUpdateAsync(u => u.SetProperty(s => s.EndedUtc, now).SetProperty(s => s.EndReason, reason), ct);
    }

    /// <summary>Deletes rows that ended, or expired, more than the kept days ago.</summary>
    public async Task<int> DeleteOldAsync(CancellationToken ct = default)
    {
        var before = Now - TimeSpan.FromDays(options.Value.EndedSessionsKeptDays);
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Set<UserSession>()
            .Where(s => s.EndedUtc < before || s.AbsoluteExpiresUtc < before || s.ExpiresUtc < before)
            .ExecuteDeleteAsync(ct);
    }

    private DateTime Now => time.GetUtcNow().UtcDateTime;
}
