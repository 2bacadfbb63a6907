using BotHub.Admin.Data;
using Microsoft.EntityFrameworkCore;

namespace BotHub.Admin.Features.Channels;

public sealed record KeySummary(int Id, string Last4, bool IsEnabled, bool FromConfiguration, DateTime CreatedUtc, string? CreatedBy);

public sealed record ChannelSummary(int Id, string BotPhone, string Name, string TimeZone, int Tier, bool FromConfiguration,
    bool HasWebhookSecret, IReadOnlyList<KeySummary> Keys);

/// <summary>Channels for display: nothing secret is read, only each key's last four characters.</summary>
public sealed class ChannelSummaries(IDbContextFactory<AppDbContext> factory)
{
    public async Task<IReadOnlyList<ChannelSummary>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Channels.AsNoTracking().OrderBy(c => c.Name)
            .Select(c => new ChannelSummary(c.Id, c.BotPhone, c.Name, c.TimeZone, c.Tier, c.FromConfiguration, c.WebhookSecretProtected != null,
                c.Keys.OrderByDescending(k => k.CreatedUtc)
                    .Select(k => new KeySummary(k.Id, k.Last4, k.IsEnabled, k.FromConfiguration, k.CreatedUtc, k.CreatedBy)).ToList()))
            .ToListAsync(ct);
    }
}
