using System.Globalization;
using BotHub.Admin.Data;
using BotHub.Admin.Features.Audit;
using BotHub.Admin.Features.Provider;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BotHub.Admin.Features.Channels;

/// <summary>Changes to channels' secrets: the keys page, the demo seed and start-up call these.</summary>
public sealed class ChannelAdmin(IDbContextFactory<AppDbContext> factory, ChannelSecrets secrets, IOptions<BspOptions> options,
    AuditLog audit, TimeProvider time)
{
    /// <summary>
    /// The keys page's "generate" (no secret yet) or "rotate": a new secret, returned to show once, audited. Refused when
    /// the configuration declares the channel's secret, which the app would set back at its next start.
    /// </summary>
    public async Task<ChannelResult> NewWebhookSecretAsync(int channelId, AuditActor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await factory.CreateDbContextAsync(ct);
        var channel = await db.Channels.FirstOrDefaultAsync(c => c.Id == channelId, ct);
        if (channel is null)
        {
            return ChannelResult.Fail(ChannelError.NotFound);
        }

        if (SecretFromConfiguration(channel.BotPhone))
        {
            return ChannelResult.Fail(ChannelError.SecretFromConfiguration);
        }

        var had = channel.WebhookSecretProtected is not null;
        var secret = ChannelSecrets.NewWebhookSecret();
        Rotate(channel, secret);
        await db.SaveChangesAsync(ct);
        if (had)
        {
            var until = channel.WebhookSecretRotatedUtc!.Value + ChannelDirectory.PreviousSecretGrace;
            await audit.WriteAsync(actor, AuditKind.WebhookSecretRotated, channel.BotPhone, AuditText.Of("AuditDetail.WebhookRotated", until), ct);
        }
        else
        {
            await audit.WriteAsync(actor, AuditKind.WebhookSecretGenerated, channel.BotPhone, AuditText.Of("AuditDetail.WebhookGenerated"), ct);
        }

        return ChannelResult.Done(channel.Id, secret);
    }

    /// <summary>The configuration declares this channel's webhook secret.</summary>
    public bool SecretFromConfiguration(string botPhone) =>
        options.Value.Channels.Any(c => c.BotPhone == botPhone && !string.IsNullOrEmpty(c.WebhookSecret));

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
