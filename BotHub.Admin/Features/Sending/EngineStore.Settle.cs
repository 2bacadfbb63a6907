using BotHub.Admin.Data;
using BotHub.Admin.Features.Broadcasts;
using Microsoft.EntityFrameworkCore;

namespace BotHub.Admin.Features.Sending;

/// <summary>What a settle changed: the broadcasts whose figures or state moved, and those that completed just now.</summary>
public sealed record Settled(IReadOnlyList<int> Changed, IReadOnlyList<int> Completed);

// Closing what is over, each step one conditional statement.
public sealed partial class EngineStore
{
    /// <summary>
    /// Closes what is over: unsent deliveries of expired broadcasts as "eligibility ended", leftovers of cancelled ones as
    /// cancelled; then sets each running broadcast's state from its deliveries. Returns the broadcasts that changed, and of
    /// those the ones that completed (each reported once: the move to completed is a conditional write).
    /// </summary>
    public async Task<Settled> SettleAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await factory.CreateDbContextAsync(ct);
        var changed = new HashSet<int>();
        var completed = new List<int>();
        var expired = await db.Broadcasts.Where(b => b.ExpiresUtc <= now && (b.State == BroadcastState.Sending
            || b.State == BroadcastState.WaitingForQuota || b.State == BroadcastState.Paused)).Select(b => b.Id).ToListAsync(ct);
        if (expired.Count > 0 && await db.Deliveries
                .Where(d => expired.Contains(d.BroadcastId) && (d.State == DeliveryState.Queued || d.State == DeliveryState.WaitingForQuota))
                .ExecuteUpdateAsync(u => u.SetProperty(d => d.State, DeliveryState.Excluded)
                    .SetProperty(d => d.Reason, ExclusionReason.EligibilityEnded).SetProperty(d => d.NextAttemptUtc, (DateTime?)null), ct) > 0)
        {
            changed.UnionWith(expired);
        }

        // Read first: a write takes Sqlite's one write lock, which the engine's writer needs every few milliseconds.
        var cancelled = await db.Set<Broadcast>().Where(b => b.State == BroadcastState.Cancelled && db.Set<Delivery>().Any(d => d.BroadcastId == b.Id
            && (d.State == DeliveryState.Queued || d.State == DeliveryState.WaitingForQuota))).Select(b => b.Id).ToListAsync(ct);
        if (cancelled.Count > 0)
        {
            await db.Deliveries.Where(d => cancelled.Contains(d.BroadcastId) && (d.State == DeliveryState.Queued || d.State == DeliveryState.WaitingForQuota)
                    && db.Set<Broadcast>().Any(b => b.Id == d.BroadcastId && b.State == BroadcastState.Cancelled))
                .ExecuteUpdateAsync(u => u.SetProperty(d => d.State, DeliveryState.Cancelled), ct);
            changed.UnionWith(cancelled);
        }

        var running = await db.Broadcasts.Where(b => b.State == BroadcastState.Sending || b.State == BroadcastState.WaitingForQuota)
            .Select(b => new
            {
                b.Id,
                b.State,
                Active = db.Set<Delivery>().Any(d => d.BroadcastId == b.Id
                    && (d.State == DeliveryState.Queued || d.State == DeliveryState.Checking || d.State == DeliveryState.Sending)),
                Waiting = db.Set<Delivery>().Any(d => d.BroadcastId == b.Id && d.State == DeliveryState.WaitingForQuota),
            })
            .ToListAsync(ct);
        foreach (var b in running)
        {
            var state = b.Active ? BroadcastState.Sending : b.Waiting ? BroadcastState.WaitingForQuota : BroadcastState.Completed;
            if (state != b.State && await MoveAsync(db, b.Id, b.State, state, now, ct))
            {
                changed.Add(b.Id);
                if (state == BroadcastState.Completed)
                {
                    completed.Add(b.Id);
                }
            }
        }

        return new Settled(changed.ToList(), completed);
    }

    // The move is written only if the deliveries still say so in the same statement: a retry or a claim made since the
    // read (new active rows) keeps the broadcast running.
    private static async Task<bool> MoveAsync(AppDbContext db, int id, BroadcastState from, BroadcastState to, DateTime now, CancellationToken ct)
    {
        var q = db.Broadcasts.Where(x => x.Id == id && x.State == from);
        q = to switch
        {
            BroadcastState.Sending => q.Where(x => db.Set<Delivery>().Any(d => d.BroadcastId == id
                && (d.State == DeliveryState.Queued || d.State == DeliveryState.Checking || d.State == DeliveryState.Sending))),
            BroadcastState.WaitingForQuota => q.Where(x => !db.Set<Delivery>().Any(d => d.BroadcastId == id
                && (d.State == DeliveryState.Queued || d.State == DeliveryState.Checking || d.State == DeliveryState.Sending))
                && db.Set<Delivery>().Any(d => d.BroadcastId == id && d.State == DeliveryState.WaitingForQuota)),
            _ => q.Where(x => !db.Set<Delivery>().Any(d => d.BroadcastId == id && (d.State == DeliveryState.Queued || d.State == DeliveryState.Checking
                || d.State == DeliveryState.Sending || d.State == DeliveryState.WaitingForQuota))),
        };
        return await q.ExecuteUpdateAsync(u => u.SetProperty(x => x.State, to)
            .SetProperty(x => x.FinishedUtc, to == BroadcastState.Completed ? now : null), ct) > 0;
    }
}
