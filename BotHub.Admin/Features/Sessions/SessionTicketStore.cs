using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using BotHub.Admin.Data;
using BotHub.Admin.Features.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BotHub.Admin.Features.Sessions;

/// <summary>
/// The sign-in cookie's session store: the cookie carries a random key, the ticket stays in the database. Signing out
/// ends the row, so a copied cookie is worth nothing afterwards; every session also has an absolute end.
/// </summary>
public sealed class SessionTicketStore(
    IDbContextFactory<AppDbContext> factory,
    IDataProtectionProvider protection,
    IOptions<SessionOptions> options,
    TimeProvider time,
    ILogger<SessionTicketStore> log) : ITicketStore
{
    /// <summary>The claim that names the session (the row's id, not the cookie's key) in the signed-in principal.</summary>
    public const string SessionClaim = "bothub:session";

    private readonly IDataProtector _protector = protection.CreateProtector("BotHub.Admin.Sessions.v1");

    /// <summary>The row id of a cookie's key: its SHA-256, hex.</summary>
    public static string IdOf(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>The session id in a signed-in principal, if any.</summary>
    public static string? IdOf(ClaimsPrincipal principal) => principal.FindFirstValue(SessionClaim);

    public Task<string> StoreAsync(AuthenticationTicket ticket) => StoreAsync(ticket, null, CancellationToken.None);

    public Task<string> StoreAsync(AuthenticationTicket ticket, CancellationToken cancellationToken) => StoreAsync(ticket, null, cancellationToken);

    public async Task<string> StoreAsync(AuthenticationTicket ticket, HttpContext? httpContext, CancellationToken cancellationToken)
    {
        var key = Base64Url(RandomNumberGenerator.GetBytes(32));
        var id = IdOf(key);
        var now = time.GetUtcNow().UtcDateTime;
        var absolute = now + options.Value.AbsoluteSessionLifetime;
        SetSessionClaim(ticket, id);
        var expires = Cap(ticket, absolute, now);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        db.Add(new UserSession
        {
            Id = id,
            UserId = UserIdOf(ticket),
            Ticket = Protect(ticket),
            CreatedUtc = now,
            LastSeenUtc = now,
            ExpiresUtc = expires,
            AbsoluteExpiresUtc = absolute,
            UserAgent = TextCap.Cap(httpContext?.Request.Headers.UserAgent.ToString(), UserSession.UserAgentLength),
            Address = TextCap.Cap(httpContext?.Connection.RemoteIpAddress?.ToString(), UserSession.AddressLength),
        });
        await db.SaveChangesAsync(cancellationToken);
        return key;
    }

    public Task RenewAsync(string key, AuthenticationTicket ticket) => RenewAsync(key, ticket, null, CancellationToken.None);

    public Task RenewAsync(string key, AuthenticationTicket ticket, CancellationToken cancellationToken) => RenewAsync(key, ticket, null, cancellationToken);

    public async Task RenewAsync(string key, AuthenticationTicket ticket, HttpContext? httpContext, CancellationToken cancellationToken)
    {
        var id = IdOf(key);
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var session = await db.Set<UserSession>().AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (session is null || session.EndedUtc is not null)
        {
            return;
        }

        if (session.UserId != UserIdOf(ticket))
        {
            // Someone signed in as another user in a browser that still held a live session: never hand this key (which
            // may have been planted) the new user's rights. The old session ends; the browser signs in afresh.
            await EndAsync(db, id, SessionEnd.SignedOut, now, cancellationToken);
            return;
        }

        SetSessionClaim(ticket, id);
        var expires = Cap(ticket, session.AbsoluteExpiresUtc, now);
        var bytes = Protect(ticket);
        await db.Set<UserSession>().Where(s => s.Id == id && s.EndedUtc == null)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.Ticket, bytes).SetProperty(s => s.ExpiresUtc, expires)
                .SetProperty(s => s.LastSeenUtc, now), cancellationToken);
    }

    public Task<AuthenticationTicket?> RetrieveAsync(string key) => RetrieveAsync(key, null, CancellationToken.None);

    public Task<AuthenticationTicket?> RetrieveAsync(string key, CancellationToken cancellationToken) => RetrieveAsync(key, null, cancellationToken);

    public async Task<AuthenticationTicket?> RetrieveAsync(string key, HttpContext? httpContext, CancellationToken cancellationToken)
    {
        var id = IdOf(key);
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var session = await db.Set<UserSession>().AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (session is null || session.EndedUtc is not null)
        {
            return null;
        }

        if (!session.IsLive(now))
        {
            await EndAsync(db, id, SessionEnd.Expired, now, cancellationToken);
            return null;
        }

        AuthenticationTicket? ticket;
        try
        {
            ticket = TicketSerializer.Default.Deserialize(_protector.Unprotect(session.Ticket));
        }
        catch (CryptographicException e)
        {
            SessionLog.Unreadable(log, e);
            return null;
        }

        if (ticket is null)
        {
            return null;
        }

        // The row is what counts: an open page may have moved the end on since the ticket was written.
        ticket.Properties.ExpiresUtc = session.ExpiresUtc;
        if (now - session.LastSeenUtc >= SessionOptions.LastSeenPrecision)
        {
            await db.Set<UserSession>().Where(s => s.Id == id)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.LastSeenUtc, now), cancellationToken);
        }

        return ticket;
    }

    public Task RemoveAsync(string key) => RemoveAsync(key, null, CancellationToken.None);

    public Task RemoveAsync(string key, CancellationToken cancellationToken) => RemoveAsync(key, null, cancellationToken);

    public async Task RemoveAsync(string key, HttpContext? httpContext, CancellationToken cancellationToken)
    {
        var id = IdOf(key);
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var live = await db.Set<UserSession>().AsNoTracking().Where(s => s.Id == id).Select(s => (bool?)(s.ExpiresUtc > now && s.AbsoluteExpiresUtc > now))
            .FirstOrDefaultAsync(cancellationToken);
        await EndAsync(db, id, live == false ? SessionEnd.Expired : SessionEnd.SignedOut, now, cancellationToken);
    }

    private static Task<int> EndAsync(AppDbContext db, string id, SessionEnd reason, DateTime now, CancellationToken ct) =>
        db.Set<UserSession>().Where(s => s.Id == id && s.EndedUtc == null)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.EndedUtc, now).SetProperty(s => s.EndReason, reason), ct);

    private byte[] Protect(AuthenticationTicket ticket) => _protector.Protect(TicketSerializer.Default.Serialize(ticket));

    /// <summary>The sliding end, never past the absolute one; written back into the ticket so the cookie handler agrees.</summary>
    private DateTime Cap(AuthenticationTicket ticket, DateTime absolute, DateTime now)
    {
        var expires = ticket.Properties.ExpiresUtc?.UtcDateTime ?? now + options.Value.SessionIdleTimeout;
        if (expires > absolute)
        {
            expires = absolute;
        }

        ticket.Properties.ExpiresUtc = new DateTimeOffset(expires, TimeSpan.Zero);
        return expires;
    }

    private static void SetSessionClaim(AuthenticationTicket ticket, string id)
    {
        if (ticket.Principal.Identity is not ClaimsIdentity identity)
        {
            return;
        }

        foreach (var old in identity.FindAll(SessionClaim).ToList())
        {
            identity.RemoveClaim(old);
        }

        identity.AddClaim(new Claim(SessionClaim, id));
    }

    private static string UserIdOf(AuthenticationTicket ticket) =>
        ticket.Principal.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

internal static partial class SessionLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "A stored session could not be read (the key ring changed?); it is treated as signed out")]
    public static partial void Unreadable(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} ended or expired sessions")]
    public static partial void Deleted(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Deleting old sessions failed; trying again later")]
    public static partial void CleanupFailed(ILogger logger, Exception exception);
}
