using BotHub.Admin.Data;
using Microsoft.EntityFrameworkCore;

namespace BotHub.Admin.Features.Channels;

/// <summary>Changes to channels' secrets. The admin page (a later issue) calls these; so does start-up.</summary>
public sealed class ChannelAdmin(IDbContextFactory<AppDbContext> factory, ChannelSecrets secrets, TimeProvider time)
{
    /// <summary>Makes a new webhook secret; the previous one stays valid for 24 hours. Returns the new secret, to show once.</summary>
    public async Task<string> RotateWebhookSecretAsync(int channelId, string? newSecret = null, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var channel = await db.Channels.SingleAsync(c => c.Id == channelId, ct);
        var secret = newSecret ?? ChannelSecrets.NewWebhookSecret();
        Rotate(channel, secret);
        await db.SaveChangesAsync(ct);
        return secret;
    }

    internal void Rotate(Channel channel, string secret)
    {
        if (channel.WebhookSecretProtected is not null)
        {
            channel.PreviousWebhookSecretProtected = channel.WebhookSecretProtected;
            channel.WebhookSecretRotatedUtc = time.GetUtcNow().UtcDateTime;
        }

        channel.WebhookSecretProtected = secrets.Protect(secret);
    }

    internal ApiKey NewKey(string key, string? createdBy, bool fromConfiguration) => new()
    {
        ProtectedValue = secrets.Protect(key),
        Last4 = ChannelSecrets.Last4(key),
        IsEnabled = true,
        FromConfiguration = fromConfiguration,
        CreatedUtc = time.GetUtcNow().UtcDateTime,
        CreatedBy = createdBy,
    };
}
