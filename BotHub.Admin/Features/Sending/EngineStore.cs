using BotHub.Admin.Data;
using BotHub.Admin.Features.Broadcasts;
using BotHub.Admin.Features.Channels;
using BotHub.Admin.Features.Provider;
using BotHub.Admin.Features.Recipients;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using BotHub.Admin.Features.Tiers;

namespace BotHub.Admin.Features.Sending;

/// <summary>
/// The engine's reads and writes: each a short unit of work on its own context, so what is queued survives a restart.
/// Every change of state names the state it expects (and, for a claimed delivery, the claim), checked by the database in
/// the same statement: a writer that lost a race changes nothing and learns it from the count.
/// </summary>
public sealed partial class EngineStore(IDbContextFactory<AppDbContext> factory, EngineWriter writer, EngineInstance instance,
    IOptions<BspOptions> bsp, IOptions<SendingOptions> sending, TimeProvider time)
{
    private static readonly BroadcastState[] Running = [BroadcastState.Sending, BroadcastState.WaitingForQuota];

    /// <summary>
    /// Claims whose lease ran out (the app that held them stopped, or a unit of work failed) go back to the queue with their
    /// message ids. A send that was with the provider for a cancelled broadcast ends failed, as the cancel promised.
    /// </summary>
    public async Task<int> ExpireLeasesAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        // Read first: a write takes Sqlite's one write lock, which the engine's writer needs every few milliseconds.
        await using (var read = await factory.CreateDbContextAsync(ct))
        {
            if (!await read.Deliveries.AnyAsync(d => (d.State == DeliveryState.Checking || d.State == DeliveryState.Sending)
                    && (d.LeaseUntilUtc == null || d.LeaseUntilUtc < now), ct))
            {
                return 0;
            }
        }

        return await writer.WriteAsync(async (db, c) =>
        {
            var expired = db.Deliveries.Where(d => (d.State == DeliveryState.Checking || d.State == DeliveryState.Sending)
                && (d.LeaseUntilUtc == null || d.LeaseUntilUtc < now));
            var failed = await expired.Where(d => d.InRequest && d.State == DeliveryState.Sending
                    && db.Set<Broadcast>().Any(b => b.Id == d.BroadcastId && b.State == BroadcastState.Cancelled))
                .ExecuteUpdateAsync(u => u.SetProperty(d => d.State, DeliveryState.Failed).SetProperty(d => d.LastCode, 80002)
                    .SetProperty(d => d.LastMessage, "No answer was recorded: the request was with the provider when the broadcast was cancelled and the app stopped.")
                    .SetProperty(d => d.ClaimedBy, (string?)null).SetProperty(d => d.LeaseUntilUtc, (DateTime?)null)
                    .SetProperty(d => d.InRequest, false), c);
            return failed + await expired.ExecuteUpdateAsync(u => u.SetProperty(d => d.State, DeliveryState.Queued)
                .SetProperty(d => d.ClaimedBy, (string?)null).SetProperty(d => d.LeaseUntilUtc, (DateTime?)null)
                .SetProperty(d => d.InRequest, false), c);
        }, ct);
    }

    /// <summary>
    /// The claims a worker still works on hold for another lease (one prepared statement each, by key). A claim whose unit of
    /// work failed is not among them, so its lease runs out; one already run out or taken over is left alone.
    /// </summary>
    public Task RenewLeasesAsync(IReadOnlyCollection<(long Id, string Claim)> held, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(held);
        var now = time.GetUtcNow().UtcDateTime;
        var until = now + sending.Value.ClaimLease;
        return Task.WhenAll(held.Select(h => writer.ExecuteAsync(RenewSql, [h.Id, h.Claim, now, until], ct)));
    }

    private const string RenewSql = """
        UPDATE "Deliveries" SET "LeaseUntilUtc" = @p3
        WHERE "Id" = @p0 AND "ClaimedBy" = @p1 AND "LeaseUntilUtc" >= @p2 AND "LeaseUntilUtc" < @p3
        """;

    /// <summary>Broadcasts whose time has come start: their validity ends at the channel's midnight, or N days later.</summary>
    public async Task<IReadOnlyList<int>> StartDueAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        await using var db = await factory.CreateDbContextAsync(ct);
        var due = await db.Broadcasts.AsNoTracking()
            .Where(b => (b.State == BroadcastState.Queued || b.State == BroadcastState.Scheduled) && (b.ScheduledUtc == null || b.ScheduledUtc <= now.UtcDateTime))
            .Join(db.Channels, b => b.ChannelId, c => c.Id, (b, c) => new { b.Id, b.State, b.CreatedUtc, b.KeepDays, c.TimeZone })
            .ToListAsync(ct);
        var started = new List<int>();
        foreach (var x in due)
        {
            var zone = SendingChannels.ZoneOf(x.TimeZone);
            // A broadcast stored after "now" was read (moments ago) starts at its creation, never before it.
            var created = new DateTimeOffset(x.CreatedUtc, TimeSpan.Zero);
            var start = created > now ? created : now;
            var expires = Eligibility.NextDayStartUtc(zone, start.AddDays(x.KeepDays)).UtcDateTime;
            // From the state it was read in: a pause or cancel committed since then wins.
            if (await db.Broadcasts.Where(b => b.Id == x.Id && b.State == x.State)
                    .ExecuteUpdateAsync(u => u.SetProperty(b => b.State, BroadcastState.Sending).SetProperty(b => b.StartedUtc, start.UtcDateTime)
                        .SetProperty(b => b.ExpiresUtc, expires), ct) > 0)
            {
                started.Add(x.Id);
            }
        }

        return started;
    }

    /// <summary>Channels with deliveries due now (not those waiting for a retry, the next day or their user).</summary>
    public async Task<IReadOnlyList<int>> ChannelsWithWorkAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await factory.CreateDbContextAsync(ct);
        // Per running broadcast, two index ranges (BroadcastId, State, NextAttemptUtc): rows waiting for later are not read.
        return await db.Broadcasts.Where(b => (b.State == BroadcastState.Sending || b.State == BroadcastState.WaitingForQuota)
                && (db.Set<Delivery>().Any(d => d.BroadcastId == b.Id && d.State == DeliveryState.Queued && d.NextAttemptUtc == null)
                    || db.Set<Delivery>().Any(d => d.BroadcastId == b.Id && d.State == DeliveryState.Queued && d.NextAttemptUtc <= now)))
            .Select(b => b.ChannelId).Distinct().ToListAsync(ct);
    }

    /// <summary>
    /// Deliveries that waited for the provider's quota and whose day has come are queued again, in batches of a few
    /// thousand, so the one write lock is never held for long (199,000 rows in one statement held it for 2 s).
    /// </summary>
    public async Task<int> QueueQuotaWaitersAsync(CancellationToken ct)
    {
        const int Batch = 5000;
        var now = time.GetUtcNow().UtcDateTime;
        await using (var read = await factory.CreateDbContextAsync(ct))
        {
            if (!await read.Deliveries.AnyAsync(d => d.State == DeliveryState.WaitingForQuota && d.NextAttemptUtc <= now, ct))
            {
                return 0;
            }
        }

        var total = 0;
        int n;
        do
        {
            n = await writer.WriteAsync(async (db, c) => await db.Deliveries
                .Where(d => d.State == DeliveryState.WaitingForQuota && d.NextAttemptUtc <= now).OrderBy(d => d.NextAttemptUtc).Take(Batch)
                .ExecuteUpdateAsync(u => u.SetProperty(d => d.State, DeliveryState.Queued).SetProperty(d => d.NextAttemptUtc, (DateTime?)null), c), ct);
            total += n;
        }
        while (n == Batch);

        return total;
    }

    /// <summary>
    /// Claims up to <paramref name="count"/> due deliveries of a channel, test sends first, then by broadcast and sending
    /// order: each moves to Checking or Sending under a new claim name with a lease. The claim is one conditional statement:
    /// only deliveries still queued, of a broadcast still running, on a channel not paused are taken, so a pause or cancel
    /// committed after the candidates were read wins.
    /// </summary>
    public async Task<IReadOnlyList<WorkItem>> ClaimAsync(int channelId, int count, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var due = await DueAsync(channelId, count, now, ct);
        if (due.Count == 0)
        {
            return [];
        }

        var claim = instance.NextClaim();
        var until = now + sending.Value.ClaimLease;
        // One prepared statement a delivery, by its key, all in the writer's next transaction (an IN list beside the State
        // index let Sqlite's planner, which has no statistics, walk every queued row instead).
        await Task.WhenAll(due.Select(x => writer.ExecuteAsync(ClaimSql,
            [x.Id, (x.Checked ? DeliveryState.Sending : DeliveryState.Checking).ToString(), claim, until, false], ct)));
        return await ClaimedAsync(channelId, claim, due.Select(x => x.Id).ToList(), now, ct);
    }

    private sealed record Due(long Id, bool Checked);

    private const string ClaimSql = """
        UPDATE "Deliveries" SET "State" = @p1, "ClaimedBy" = @p2, "LeaseUntilUtc" = @p3, "InRequest" = @p4
        WHERE "Id" = @p0 AND "State" = 'Queued'
          AND EXISTS (SELECT 1 FROM "Broadcasts" AS b WHERE b."Id" = "Deliveries"."BroadcastId" AND b."State" IN ('Sending', 'WaitingForQuota'))
          AND EXISTS (SELECT 1 FROM "Channels" AS c WHERE c."Id" = "Deliveries"."ChannelId" AND c."PausedUtc" IS NULL)
        """;

    // Running broadcasts of the channel in order, then per broadcast its due retries and its fresh rows in sending order,
    // each an index range (BroadcastId, State, NextAttemptUtc, Sequence).
    private async Task<List<Due>> DueAsync(int channelId, int count, DateTime now, CancellationToken ct)
    {
        var checkedSince = now - bsp.Value.CheckValidFor;
        await using var db = await factory.CreateDbContextAsync(ct);
        var broadcasts = await db.Broadcasts.AsNoTracking()
            .Where(b => b.ChannelId == channelId && (b.State == BroadcastState.Sending || b.State == BroadcastState.WaitingForQuota)
                && db.Set<Channel>().Any(c => c.Id == channelId && c.PausedUtc == null))
            .OrderByDescending(b => b.IsTest).ThenBy(b => b.Id).Select(b => b.Id).ToListAsync(ct);
        var ids = new List<Due>(count);
        foreach (var b in broadcasts)
        {
            ids.AddRange(await db.Deliveries.Where(d => d.BroadcastId == b && d.State == DeliveryState.Queued && d.NextAttemptUtc <= now)
                .OrderBy(d => d.NextAttemptUtc).Take(count - ids.Count).Select(d => new Due(d.Id,
                    db.Set<ContactCheck>().Any(k => k.ChannelId == channelId && k.RecipientId == d.RecipientId && k.CheckedUtc >= checkedSince))).ToListAsync(ct));
            if (ids.Count < count)
            {
                ids.AddRange(await db.Deliveries.Where(d => d.BroadcastId == b && d.State == DeliveryState.Queued && d.NextAttemptUtc == null)
                    .OrderBy(d => d.Sequence).Take(count - ids.Count).Select(d => new Due(d.Id,
                        db.Set<ContactCheck>().Any(k => k.ChannelId == channelId && k.RecipientId == d.RecipientId && k.CheckedUtc >= checkedSince))).ToListAsync(ct));
            }

            if (ids.Count >= count)
            {
                break;
            }
        }

        return ids;
    }

    // What deciding and sending each claimed delivery needs; a user checked recently is sent without a check.
    private async Task<IReadOnlyList<WorkItem>> ClaimedAsync(int channelId, string claim, List<long> ids, DateTime now, CancellationToken ct)
    {
        var checkedSince = now - bsp.Value.CheckValidFor;
        await using var db = await factory.CreateDbContextAsync(ct);
        var items = await db.Deliveries.Where(d => ids.Contains(d.Id) && d.ClaimedBy == claim)
            .Join(db.Broadcasts, d => d.BroadcastId, b => b.Id, (d, b) => new { d, b })
            .OrderByDescending(x => x.b.IsTest).ThenBy(x => x.b.Id).ThenBy(x => x.d.Sequence)
            .Select(x => new WorkItem(x.d.Id, x.b.Id, x.d.RecipientId, x.d.Phone, x.d.MessageId!, x.d.Text, x.d.Attempts,
                x.b.Source, x.b.Type, x.b.MediaUrl, x.b.Extension, x.b.KeepDays, x.b.ExpiresUtc,
                db.Set<Recipient>().Where(r => r.Id == x.d.RecipientId).Select(r => (OptInStatus?)r.OptIn).FirstOrDefault(),
                db.Set<RecipientChannelActivity>().Where(a => a.RecipientId == x.d.RecipientId && a.ChannelId == channelId)
                    .Select(a => (DateTime?)a.LastInboundUtc).FirstOrDefault(),
                db.Set<ContactCheck>().Any(k => k.ChannelId == channelId && k.RecipientId == x.d.RecipientId && k.CheckedUtc >= checkedSince))
            {
                Claim = claim,
            })
            .AsNoTracking().ToListAsync(ct);
        return items;
    }

    /// <summary>
    /// Just before a request of a claimed delivery goes out: marks it as with the provider, only while the claim holds, its
    /// lease has not run out, its broadcast still runs and its channel is not paused. False: no request may go out.
    /// </summary>
    public Task<bool> StartRequestAsync(WorkItem item, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(item);
        var now = time.GetUtcNow().UtcDateTime;
        var until = now + bsp.Value.RequestTimeout + sending.Value.ClaimLease;
        var claim = item.Claim;
        var id = item.Id;
        return writer.WriteAsync(async (db, c) => await db.Deliveries
            .Where(d => d.Id == id && d.ClaimedBy == claim && !d.InRequest && d.LeaseUntilUtc > now
                && db.Set<Broadcast>().Any(b => b.Id == d.BroadcastId && (b.State == BroadcastState.Sending || b.State == BroadcastState.WaitingForQuota))
                && db.Set<Channel>().Any(x => x.Id == d.ChannelId && x.PausedUtc == null))
            .ExecuteUpdateAsync(u => u.SetProperty(d => d.InRequest, true).SetProperty(d => d.LeaseUntilUtc, until), c) > 0, ct);
    }

    /// <summary>A claimed delivery goes back to the queue without a request (still due), if the claim still holds.</summary>
    public Task<bool> GiveBackAsync(WorkItem item, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(item);
        return SaveAsync(item, d => d.State = DeliveryState.Queued, null, ct);
    }

    /// <summary>Writes a claimed delivery's new state with the attempt that led to it (if any), while the claim holds.</summary>
    /// <returns>False when the claim was lost: nothing was changed but the attempt's record.</returns>
    public Task<bool> SaveAsync(WorkItem item, Action<Delivery> change, DeliveryAttempt? attempt, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(item);
        return writer.SaveDeliveryAsync(item.Id, item.Claim, change, attempt, ct);
    }

    /// <summary>The broadcast's state now (null when gone).</summary>
    public async Task<BroadcastState?> BroadcastStateAsync(int broadcastId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Broadcasts.Where(b => b.Id == broadcastId).Select(b => (BroadcastState?)b.State).FirstOrDefaultAsync(ct);
    }

    public Task RememberCheckAsync(int channelId, int recipientId, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return writer.ExecuteAsync(
            """INSERT INTO "ContactChecks" ("ChannelId", "RecipientId", "CheckedUtc") VALUES (@p0, @p1, @p2) ON CONFLICT ("ChannelId", "RecipientId") DO UPDATE SET "CheckedUtc" = excluded."CheckedUtc" """,
            [channelId, recipientId, now], ct);
    }

    public async Task<bool> IsPausedAsync(int channelId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Channels.AnyAsync(c => c.Id == channelId && c.PausedUtc != null, ct);
    }

    /// <summary>Stops a channel's sending after a misconfiguration answer; true when this call paused it.</summary>
    public Task<bool> PauseChannelAsync(int channelId, DecodedError error, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(error);
        var now = time.GetUtcNow().UtcDateTime;
        // The code is what pages decode, in each reader's language; the message keeps only the provider's own words.
        var message = (error.ProviderMessage ?? "") + (string.IsNullOrEmpty(error.RequestId) ? "" : $" [request {error.RequestId}]");
        message = message.Length > 500 ? message[..500] : message;
        return writer.WriteAsync(async (db, c) => await db.Channels.Where(x => x.Id == channelId && x.PausedUtc == null)
            .ExecuteUpdateAsync(u => u.SetProperty(x => x.PausedUtc, now).SetProperty(x => x.PausedCode, error.Code)
                .SetProperty(x => x.PausedMessage, message), c) > 0, ct);
    }
}
