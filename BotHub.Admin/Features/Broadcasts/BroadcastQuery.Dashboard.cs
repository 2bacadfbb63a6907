using Microsoft.EntityFrameworkCore;
using BotHub.Admin.Features.Sending;

namespace BotHub.Admin.Features.Broadcasts;

/// <summary>A failed delivery as the dashboard lists it, with the broadcast it belongs to.</summary>
public sealed record RecentFailure(int BroadcastId, long DeliveryId, string Phone, int? Code, int? Subcode, string? ProviderMessage,
    DateTime BroadcastCreatedUtc);

public sealed partial class BroadcastQuery
{
    /// <summary>
    /// The latest failures: those of the newest 50 broadcasts made since <paramref name="sinceUtc"/>, newest first. Read
    /// through the broadcasts (their creation index) and the deliveries' (broadcast, state) index, never a scan of all deliveries.
    /// </summary>
    public async Task<IReadOnlyList<RecentFailure>> RecentFailuresAsync(DateTime sinceUtc, int max, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var broadcasts = await db.Broadcasts.AsNoTracking().Where(b => b.CreatedUtc >= sinceUtc)
            .OrderByDescending(b => b.CreatedUtc).ThenByDescending(b => b.Id).Take(50)
            .Select(b => new { b.Id, b.CreatedUtc }).ToListAsync(ct);
        var ids = broadcasts.Select(b => b.Id).ToList();
        var created = broadcasts.ToDictionary(b => b.Id, b => b.CreatedUtc);
        var failed = await db.Deliveries.AsNoTracking().Where(d => ids.Contains(d.BroadcastId) && d.State == DeliveryState.Failed)
            .OrderByDescending(d => d.BroadcastId).ThenByDescending(d => d.Id).Take(max)
            .Select(d => new { d.BroadcastId, d.Id, d.Phone, d.LastCode, d.LastSubcode, d.LastMessage })
            .ToListAsync(ct);
        return failed
            .Select(d => new RecentFailure(d.BroadcastId, d.Id, d.Phone, d.LastCode, d.LastSubcode, d.LastMessage, created[d.BroadcastId]))
            .OrderByDescending(f => f.BroadcastCreatedUtc).ThenByDescending(f => f.BroadcastId).ThenByDescending(f => f.DeliveryId)
            .ToList();
    }
}
