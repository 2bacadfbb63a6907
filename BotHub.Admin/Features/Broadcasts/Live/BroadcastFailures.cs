using BotHub.Admin.Data;
using BotHub.Admin.Features.Sending;
using Microsoft.EntityFrameworkCore;
using BotHub.Admin.Features.Recipients;

namespace BotHub.Admin.Features.Broadcasts.Live;

/// <summary>How many failed deliveries of a broadcast ended with one error code.</summary>
public sealed record FailureCode(int? Code, int Count);

/// <summary>A broadcast's failed deliveries with their last decoded error, grouped and paged in the database.</summary>
public sealed class BroadcastFailures(IDbContextFactory<AppDbContext> factory)
{
    public async Task<IReadOnlyList<FailureCode>> CodesAsync(int broadcastId, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var codes = await Failed(db, broadcastId).GroupBy(d => d.LastCode).Select(g => new { Code = g.Key, Count = g.Count() })
            .OrderByDescending(c => c.Count).ThenBy(c => c.Code).ToListAsync(ct);
        return codes.Select(c => new FailureCode(c.Code, c.Count)).ToList();
    }

    /// <summary>One page of failures, the latest first, optionally of one code.</summary>
    public async Task<(IReadOnlyList<DeliveryRow> Rows, int Total)> PageAsync(int broadcastId, int? code, int page, int pageSize,
        CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var q = Failed(db, broadcastId);
        if (code is { } c)
        {
            q = q.Where(d => d.LastCode == c);
        }

        var total = await q.CountAsync(ct);
        var rows = await q.OrderByDescending(d => d.Id).Skip(page * pageSize).Take(pageSize)
            .Select(d => new DeliveryRow(d.Id, d.Phone, db.Set<Recipient>().Where(r => r.Id == d.RecipientId).Select(r => r.Name).FirstOrDefault(),
                d.State, d.Reason, d.ReasonDetail, d.Text, d.MessageId, d.Attempts, d.SentUtc, d.LastCode, d.LastSubcode, d.LastMessage, d.LastRequestId,
                db.Set<DeliveryAttempt>().Count(a => a.DeliveryId == d.Id && a.Kind == AttemptKind.Check),
                db.Set<DeliveryAttempt>().Count(a => a.DeliveryId == d.Id && a.Kind == AttemptKind.Send)))
            .ToListAsync(ct);
        return (rows, total);
    }

    private static IQueryable<Delivery> Failed(AppDbContext db, int broadcastId) =>
        db.Deliveries.AsNoTracking().Where(d => d.BroadcastId == broadcastId && d.State == DeliveryState.Failed);
}
