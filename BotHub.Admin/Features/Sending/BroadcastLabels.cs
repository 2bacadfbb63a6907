using BotHub.Admin.Data;
using BotHub.Admin.Features.Tiers;
using Microsoft.EntityFrameworkCore;

namespace BotHub.Admin.Features.Sending;

/// <summary>The first 80 characters of each broadcast's text, and whether it was a test, for the tiers page.</summary>
public sealed class BroadcastLabels(IDbContextFactory<AppDbContext> factory) : IBroadcastLabels
{
    public async Task<IReadOnlyDictionary<int, (string? Text, bool IsTest)>> OfAsync(IReadOnlyCollection<int> broadcastIds, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(broadcastIds);
        await using var db = await factory.CreateDbContextAsync(ct);
        var rows = await db.Broadcasts.AsNoTracking().Where(b => broadcastIds.Contains(b.Id))
            .Select(b => new { b.Id, Text = b.Template == null ? null : b.Template.Substring(0, 80), b.IsTest }).ToListAsync(ct);
        return rows.ToDictionary(r => r.Id, r => (r.Text, r.IsTest));
    }
}
