using BotHub.Admin.Data;
using Microsoft.EntityFrameworkCore;

namespace BotHub.Admin.Features.Channels;

/// <summary>A channel as the sender, the webhook and the sandbox need it: secrets decrypted, in memory only.</summary>
/// <param name="EnabledApiKeys">Newest first: the first is the one the sender uses.</param>
/// <param name="EnabledApiKeyIds">The ids of <paramref name="EnabledApiKeys"/>, in the same order.</param>
public sealed record ChannelInfo(int Id, string BotPhone, string Name, TimeZoneInfo Zone, int Tier,
    IReadOnlyList<string> EnabledApiKeys, IReadOnlyList<string> WebhookSecrets, IReadOnlyList<int> EnabledApiKeyIds);

/// <summary>Looks channels up by their bot phone. Secrets are decrypted per call and never cached or logged.</summary>
public sealed class ChannelDirectory(IDbContextFactory<AppDbContext> factory, ChannelSecrets secrets, TimeProvider time)
{
    /// <summary>How long the secret before a rotation stays valid (spec: 24 hours).</summary>
    public static readonly TimeSpan PreviousSecretGrace = TimeSpan.FromHours(24);

    public async Task<ChannelInfo?> FindAsync(string botPhone, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var channel = await db.Channels.AsNoTracking().Include(c => c.Keys).FirstOrDefaultAsync(c => c.BotPhone == botPhone, ct);
        return channel is null ? null : ToInfo(channel);
    }

    public async Task<IReadOnlyList<ChannelInfo>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var channels = await db.Channels.AsNoTracking().Include(c => c.Keys).OrderBy(c => c.Name).ToListAsync(ct);
        return channels.Select(ToInfo).ToList();
    }

    private ChannelInfo ToInfo(Channel c)
    {
        var webhookSecrets = new List<string>();
        if (c.WebhookSecretProtected is { } current)
        {
            webhookSecrets.Add(secrets.Unprotect(current));
        }

        if (c.PreviousWebhookSecretProtected is { } previous && c.WebhookSecretRotatedUtc is { } rotated
            && time.GetUtcNow().UtcDateTime < rotated + PreviousSecretGrace)
        {
            webhookSecrets.Add(secrets.Unprotect(previous));
        }

        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(c.TimeZone, out var z) ? z : TimeZoneInfo.Utc;
        // Id breaks ties: keys added within one clock tick keep their order.
        var enabled = c.Keys.Where(k => k.IsEnabled).OrderByDescending(k => k.CreatedUtc).ThenByDescending(k => k.Id).ToList();
        return new ChannelInfo(c.Id, c.BotPhone, c.Name, zone, c.Tier,
            enabled.Select(k => secrets.Unprotect(k.ProtectedValue)).ToList(), webhookSecrets, enabled.Select(k => k.Id).ToList());
    }
}
