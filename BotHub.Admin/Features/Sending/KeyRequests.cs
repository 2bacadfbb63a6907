using BotHub.Admin.Data;
using BotHub.Admin.Features.Channels;
using BotHub.Admin.Features.Provider;
using Microsoft.EntityFrameworkCore;

namespace BotHub.Admin.Features.Sending;

/// <summary>The engine's requests per key, from its attempts: each count and "latest" is a subquery on the (ApiKeyId, AtUtc) index.</summary>
public sealed class KeyRequests(IDbContextFactory<AppDbContext> factory) : IKeyRequests
{
    public async Task<IReadOnlyDictionary<int, KeyRequestCounts>> OfKeysAsync(IReadOnlyCollection<int> keyIds, DateTime since, bool counts,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(keyIds);
        await using var db = await factory.CreateDbContextAsync(ct);
        var rows = await db.ApiKeys.AsNoTracking().Where(k => keyIds.Contains(k.Id))
            .Select(k => new
            {
                k.Id,
                Requests = !counts ? 0 : db.Set<DeliveryAttempt>().Count(a => a.ApiKeyId == k.Id && a.AtUtc >= since),
                Errors = !counts ? 0 : db.Set<DeliveryAttempt>().Count(a => a.ApiKeyId == k.Id && a.AtUtc >= since && !OutcomeKinds.Worked.Contains(a.Outcome)),
                LatestAt = db.Set<DeliveryAttempt>().Where(a => a.ApiKeyId == k.Id).Max(a => (DateTime?)a.AtUtc),
                LatestCode = db.Set<DeliveryAttempt>().Where(a => a.ApiKeyId == k.Id).OrderByDescending(a => a.AtUtc).ThenByDescending(a => a.Id)
                    .Select(a => a.Code).FirstOrDefault(),
            })
            .ToListAsync(ct);
        return rows.ToDictionary(r => r.Id, r => new KeyRequestCounts(r.Requests, r.Errors, r.LatestAt, r.LatestCode));
    }
}
