using BotHub.Admin.Data;
using BotHub.Admin.Features.Provider;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BotHub.Admin.Features.Channels;

/// <summary>
/// At start, creates or updates the channels declared under Bsp:Channels (secrets encrypted in the database).
/// Nothing is ever written back to a file.
/// </summary>
public sealed class ConfiguredChannelsSync(
    IDbContextFactory<AppDbContext> factory, IOptions<BspOptions> options, ChannelSecrets secrets, ChannelAdmin admin, TimeProvider time)
{
    public async Task ApplyAsync(CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        foreach (var declared in options.Value.Channels)
        {
            var channel = await db.Channels.Include(c => c.Keys).FirstOrDefaultAsync(c => c.BotPhone == declared.BotPhone, ct);
            if (channel is null)
            {
                channel = new Channel { BotPhone = declared.BotPhone, CreatedUtc = time.GetUtcNow().UtcDateTime };
                db.Channels.Add(channel);
            }

            channel.Name = declared.Name;
            channel.TimeZone = declared.TimeZone;
            channel.Tier = declared.Tier;
            channel.FromConfiguration = true;
            channel.RatePerSecond = declared.RatePerSecond ?? channel.RatePerSecond;
            channel.Burst = declared.Burst ?? channel.Burst;
            if (!string.IsNullOrEmpty(declared.ApiKey))
            {
                var existing = channel.Keys.FirstOrDefault(k => secrets.Unprotect(k.ProtectedValue) == declared.ApiKey);
                if (existing is null)
                {
                    channel.Keys.Add(admin.NewKey(declared.ApiKey, "configuration", fromConfiguration: true));
                }
                else
                {
                    existing.IsEnabled = true;
                }
            }

            if (!string.IsNullOrEmpty(declared.WebhookSecret)
                && (channel.WebhookSecretProtected is null || secrets.Unprotect(channel.WebhookSecretProtected) != declared.WebhookSecret))
            {
                admin.Rotate(channel, declared.WebhookSecret);
            }
            else if (channel.WebhookSecretProtected is null)
            {
                // A channel always has a secret, so its webhook (and the sandbox's inbound messages) work from the start.
                admin.Rotate(channel, ChannelSecrets.NewWebhookSecret());
            }
        }

        await db.SaveChangesAsync(ct);
    }
}
