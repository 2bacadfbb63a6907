using BotHub.Admin.Data;
using Microsoft.EntityFrameworkCore;

namespace BotHub.Admin.Features.Channels;

/// <summary>A channel as composing and planning a send need it; nothing secret.</summary>
/// <param name="Enabled">It has an enabled API key, so it can send.</param>
public sealed record SendingChannel(int Id, string Name, string BotPhone, TimeZoneInfo Zone, int Tier, int RatePerSecond, int Burst, bool Enabled)
{
    public string Label => $"{Name} ({BotPhone})";
}

public sealed class SendingChannels(IDbContextFactory<AppDbContext> factory)
{
    public Task<IReadOnlyList<SendingChannel>> ListAsync(CancellationToken ct = default) => QueryAsync(null, ct);

    /// <summary>One channel (the engine asks before each batch), read alone rather than picked from the list.</summary>
    public async Task<SendingChannel?> FindAsync(int id, CancellationToken ct = default) =>
        await QueryAsync(id, ct) is [var channel] ? channel : null;

    private async Task<IReadOnlyList<SendingChannel>> QueryAsync(int? id, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var channels = db.Channels.AsNoTracking();
        if (id is { } only)
        {
            channels = channels.Where(c => c.Id == only);
        }

        var rows = await channels.OrderBy(c => c.Name)
            .Select(c => new { c.Id, c.Name, c.BotPhone, c.TimeZone, c.Tier, c.RatePerSecond, c.Burst, Enabled = c.Keys.Any(k => k.IsEnabled) })
            .ToListAsync(ct);
        return rows.Select(c => new SendingChannel(c.Id, c.Name, c.BotPhone, ZoneOf(c.TimeZone), c.Tier, c.RatePerSecond, c.Burst, c.Enabled)).ToList();
    }

    public static TimeZoneInfo ZoneOf(string id) => TimeZoneInfo.TryFindSystemTimeZoneById(id, out var z) ? z : TimeZoneInfo.Utc;
}
