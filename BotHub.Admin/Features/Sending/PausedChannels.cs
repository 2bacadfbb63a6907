using BotHub.Admin.Data;
using BotHub.Admin.Features.Provider;
using Microsoft.EntityFrameworkCore;

namespace BotHub.Admin.Features.Sending;

public sealed record PausedChannel(int Id, string Name, string BotPhone, DateTime PausedUtc, DecodedError Error);

/// <summary>Channels the engine paused, with the decoded reason: what the banner on every page shows.</summary>
public sealed class PausedChannels(IDbContextFactory<AppDbContext> factory)
{
    public async Task<IReadOnlyList<PausedChannel>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var rows = await db.Channels.AsNoTracking().Where(c => c.PausedUtc != null).OrderBy(c => c.Name)
            .Select(c => new { c.Id, c.Name, c.BotPhone, c.PausedUtc, c.PausedCode, c.PausedMessage }).ToListAsync(ct);
        return rows.Select(c => new PausedChannel(c.Id, c.Name, c.BotPhone, c.PausedUtc!.Value,
            DecodedError.Of(c.PausedCode ?? 0, message: c.PausedMessage))).ToList();
    }
}
