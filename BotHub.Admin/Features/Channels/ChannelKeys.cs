using System.Security.Cryptography;
using BotHub.Admin.Data;
using BotHub.Admin.Features.Audit;
using Microsoft.EntityFrameworkCore;
using BotHub.Admin.Features.Sending;

namespace BotHub.Admin.Features.Channels;

/// <summary>
/// A channel's provider API keys: add, rotate, enable, disable, delete; each change is audited with the key's last
/// four characters only. The sender uses the newest enabled key (ChannelDirectory), so rotating is adding: the new key
/// takes over, and the old one stays enabled, and valid with the provider, until an admin disables it.
/// Keys declared under Bsp:Channels are the configuration's (the app enables them again at its start): they cannot be
/// disabled or deleted here; keys added in the UI, on any channel, can.
/// </summary>
public sealed class ChannelKeys(IDbContextFactory<AppDbContext> factory, ChannelSecrets secrets, ChannelAdmin admin, AuditLog audit,
    ChannelReferences references)
{
    /// <summary>Adds a key; with none typed, the app makes one (for the sandbox, or a provider that takes the account's own keys).</summary>
    /// <returns>The full key in <see cref="ChannelResult.Secret"/>, to show once.</returns>
    public Task<ChannelResult> AddAsync(int channelId, string? key, AuditActor actor, CancellationToken ct = default) =>
        AddAsync(channelId, key, actor, replacing: null, ct);

    /// <summary>Adds a key that takes over from <paramref name="keyId"/>; that one stays enabled until disabled.</summary>
    public async Task<ChannelResult> RotateAsync(int keyId, string? newKey, AuditActor actor, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var old = await db.ApiKeys.AsNoTracking().Where(k => k.Id == keyId).Select(k => new { k.ChannelId, k.Last4 }).FirstOrDefaultAsync(ct);
        return old is null
            ? ChannelResult.Fail(ChannelError.NotFound)
            : await AddAsync(old.ChannelId, newKey, actor, replacing: old.Last4, ct);
    }

    public async Task<ChannelResult> SetEnabledAsync(int keyId, bool enabled, AuditActor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await factory.CreateDbContextAsync(ct);
        var key = await db.ApiKeys.Where(k => k.Id == keyId)
            .Select(k => new { k.Last4, k.FromConfiguration, Bot = db.Set<Channel>().Where(c => c.Id == k.ChannelId).Select(c => c.BotPhone).First() })
            .FirstOrDefaultAsync(ct);
        if (key is null)
        {
            return ChannelResult.Fail(ChannelError.NotFound);
        }

        if (key.FromConfiguration)
        {
            return ChannelResult.Fail(ChannelError.KeyFromConfiguration);
        }

        // Disabling is never refused, even for the last key a broadcast sends with: it is how a leaked key is stopped.
        var changed = await db.ApiKeys.Where(k => k.Id == keyId && k.IsEnabled != enabled)
            .ExecuteUpdateAsync(u => u.SetProperty(k => k.IsEnabled, enabled), ct);
        if (changed > 0)
        {
            await audit.WriteAsync(actor, enabled ? AuditKind.ApiKeyEnabled : AuditKind.ApiKeyDisabled, key.Bot,
                AuditText.Of(enabled ? "AuditDetail.Key.Enabled" : "AuditDetail.Key.Disabled", KeyText.Masked(key.Last4)), ct);
        }

        return ChannelResult.Done(keyId);
    }

    /// <summary>Refused while the channel's work still to do (its unfinished broadcasts) would be left without an enabled key.</summary>
    public async Task<ChannelResult> DeleteAsync(int keyId, AuditActor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await factory.CreateDbContextAsync(ct);
        var key = await db.ApiKeys.Where(k => k.Id == keyId)
            .Select(k => new { k.ChannelId, k.Last4, k.FromConfiguration, Bot = db.Set<Channel>().Where(c => c.Id == k.ChannelId).Select(c => c.BotPhone).First() })
            .FirstOrDefaultAsync(ct);
        if (key is null)
        {
            return ChannelResult.Fail(ChannelError.NotFound);
        }

        if (key.FromConfiguration)
        {
            return ChannelResult.Fail(ChannelError.KeyFromConfiguration);
        }

        // One statement, so a broadcast started or a key disabled meanwhile is seen.
        var busy = references.WithWorkToDo(db);
        var deleted = await db.ApiKeys.Where(k => k.Id == keyId && (!k.IsEnabled
                || db.Set<ApiKey>().Any(o => o.ChannelId == k.ChannelId && o.Id != k.Id && o.IsEnabled)
                || !busy.Contains(k.ChannelId)))
            .ExecuteDeleteAsync(ct);
        if (deleted == 0)
        {
            return ChannelResult.Fail(await db.ApiKeys.AnyAsync(k => k.Id == keyId, ct) ? ChannelError.LastKeyInUse : ChannelError.NotFound);
        }

        await audit.WriteAsync(actor, AuditKind.ApiKeyDeleted, key.Bot, AuditText.Of("AuditDetail.Key.Deleted", KeyText.Masked(key.Last4)), ct);
        return ChannelResult.Done(keyId);
    }

    /// <summary>A key the app makes: 32 random bytes, hex, with a prefix that says where it came from.</summary>
    public static string NewKey() => "bh-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    /// <summary>A key goes into an HTTP header: printable ASCII without spaces, 8 to 256 characters.</summary>
    public static bool IsValidKey(string key) =>
        key.Length is >= 8 and <= 256 && key.All(ch => ch is > ' ' and < (char)127);

    private async Task<ChannelResult> AddAsync(int channelId, string? typed, AuditActor actor, string? replacing, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var key = string.IsNullOrWhiteSpace(typed) ? NewKey() : typed.Trim();
        if (!IsValidKey(key))
        {
            return ChannelResult.Fail(ChannelError.InvalidKey);
        }

        await using var db = await factory.CreateDbContextAsync(ct);
        var channel = await db.Channels.Include(c => c.Keys).FirstOrDefaultAsync(c => c.Id == channelId, ct);
        if (channel is null)
        {
            return ChannelResult.Fail(ChannelError.NotFound);
        }

        if (channel.Keys.Any(k => secrets.Unprotect(k.ProtectedValue) == key))
        {
            return ChannelResult.Fail(ChannelError.DuplicateKey);
        }

        var row = admin.NewKey(key, actor.UserName, fromConfiguration: false);
        channel.Keys.Add(row);
        await db.SaveChangesAsync(ct);
        var masked = KeyText.Masked(row.Last4);
        if (replacing is null)
        {
            await audit.WriteAsync(actor, AuditKind.ApiKeyAdded, channel.BotPhone, AuditText.Of("AuditDetail.Key.Added", masked), ct);
        }
        else
        {
            await audit.WriteAsync(actor, AuditKind.ApiKeyRotated, channel.BotPhone,
                AuditText.Of("AuditDetail.Key.Rotated", masked, KeyText.Masked(replacing)), ct);
        }

        return ChannelResult.Done(row.Id, key);
    }
}
