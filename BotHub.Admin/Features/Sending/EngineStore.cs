using BotHub.Admin.Data;
using BotHub.Admin.Features.Broadcasts;
using BotHub.Admin.Features.Channels;
using BotHub.Admin.Features.Provider;
using BotHub.Admin.Features.Recipients;
using BotHub.Admin.Features.Tiers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BotHub.Admin.Features.Sending;

/// <summary>The engine's reads and writes: each a short unit of work on its own context, so what is queued survives a restart.</summary>
public sealed class EngineStore(IDbContextFactory<AppDbContext> factory, EngineWriter writer, IOptions<BspOptions> bsp, TimeProvider time)
{
    private static readonly DeliveryState[] Open = [DeliveryState.Queued, DeliveryState.Checking, DeliveryState.Sending, DeliveryState.WaitingForQuota];

    /// <summary>After a crash or restart: what was in flight goes back to the queue with the same message id.</summary>
    public async Task<int> RecoverInFlightAsync(CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Deliveries.Where(d => d.State == DeliveryState.Checking || d.State == DeliveryState.Sending)
            .ExecuteUpdateAsync(u => u.SetProperty(d => d.State, DeliveryState.Queued), ct);
    }

    /// <summary>Broadcasts whose time has come start: their validity ends at the channel's midnight, or N days later.</summary>
    public async Task<IReadOnlyList<int>> StartDueAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        await using var db = await factory.CreateDbContextAsync(ct);
        var due = await db.Broadcasts
            .Where(b => (b.State == BroadcastState.Queued || b.State == BroadcastState.Scheduled) && (b.ScheduledUtc == null || b.ScheduledUtc <= now.UtcDateTime))
            .Join(db.Channels, b => b.ChannelId, c => c.Id, (b, c) => new { Broadcast = b, c.TimeZone })
            .ToListAsync(ct);
        foreach (var x in due)
        {
            var zone = SendingChannels.ZoneOf(x.TimeZone);
            // A broadcast stored after "now" was read (moments ago) starts at its creation, never before it.
            var created = new DateTimeOffset(x.Broadcast.CreatedUtc, TimeSpan.Zero);
            var start = created > now ? created : now;
            x.Broadcast.State = BroadcastState.Sending;
            x.Broadcast.StartedUtc = start.UtcDateTime;
            x.Broadcast.ExpiresUtc = Eligibility.NextDayStartUtc(zone, start.AddDays(x.Broadcast.KeepDays)).UtcDateTime;
        }

        await db.SaveChangesAsync(ct);
        return due.Select(x => x.Broadcast.Id).ToList();
    }

    /// <summary>
    /// Closes what is over: unsent deliveries of expired broadcasts as "eligibility ended", leftovers of cancelled ones as
    /// cancelled; then sets each running broadcast's state from its deliveries. Returns the broadcasts that changed.
    /// </summary>
    public async Task<IReadOnlyList<int>> SettleAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await factory.CreateDbContextAsync(ct);
        var changed = new HashSet<int>();
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
        var cancelled = await db.Broadcasts.Where(b => b.State == BroadcastState.Cancelled && db.Deliveries.Any(d => d.BroadcastId == b.Id
            && (d.State == DeliveryState.Queued || d.State == DeliveryState.WaitingForQuota))).Select(b => b.Id).ToListAsync(ct);
        if (cancelled.Count > 0)
        {
            await db.Deliveries.Where(d => cancelled.Contains(d.BroadcastId) && (d.State == DeliveryState.Queued || d.State == DeliveryState.WaitingForQuota))
                .ExecuteUpdateAsync(u => u.SetProperty(d => d.State, DeliveryState.Cancelled), ct);
        }

        var running = await db.Broadcasts
            .Where(b => b.State == BroadcastState.Sending || b.State == BroadcastState.WaitingForQuota)
            .Select(b => new
            {
                b.Id,
                b.State,
                Active = db.Deliveries.Any(d => d.BroadcastId == b.Id && (d.State == DeliveryState.Queued
                    || d.State == DeliveryState.Checking || d.State == DeliveryState.Sending)),
                Waiting = db.Deliveries.Any(d => d.BroadcastId == b.Id && d.State == DeliveryState.WaitingForQuota),
            })
            .ToListAsync(ct);
        foreach (var b in running)
        {
            var state = b.Active ? BroadcastState.Sending : b.Waiting ? BroadcastState.WaitingForQuota : BroadcastState.Completed;
            if (state != b.State)
            {
                await db.Broadcasts.Where(x => x.Id == b.Id && x.State == b.State)
                    .ExecuteUpdateAsync(u => u.SetProperty(x => x.State, state)
                        .SetProperty(x => x.FinishedUtc, state == BroadcastState.Completed ? now : null), ct);
                changed.Add(b.Id);
            }
        }

        return changed.ToList();
    }

    /// <summary>Channels with deliveries due now (not those waiting for a retry, the next day or their user).</summary>
    public async Task<IReadOnlyList<int>> ChannelsWithWorkAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await factory.CreateDbContextAsync(ct);
        var running = db.Broadcasts.Where(b => b.State == BroadcastState.Sending || b.State == BroadcastState.WaitingForQuota).Select(b => b.Id);
        return await db.Deliveries.Where(d => running.Contains(d.BroadcastId) && (d.State == DeliveryState.Queued || d.State == DeliveryState.WaitingForQuota)
                && (d.NextAttemptUtc == null || d.NextAttemptUtc <= now))
            .Select(d => d.ChannelId).Distinct().ToListAsync(ct);
    }

    /// <summary>
    /// The next deliveries of a channel that are due, test sends first, then by broadcast and sending order; each is
    /// claimed (Checking or Sending) before it is returned, so a crash later finds it and sends it again with its id.
    /// None while the channel is paused (judged in the same query, so a delivery put back by the pause is not taken again).
    /// Only what is still queued when the claim is written is returned (a broadcast cancelled meanwhile keeps its deliveries).
    /// </summary>
    public async Task<IReadOnlyList<WorkItem>> ClaimAsync(int channelId, int count, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var checkedSince = now - bsp.Value.CheckValidFor;
        await using var db = await factory.CreateDbContextAsync(ct);
        var items = await db.Deliveries
            .Where(d => d.ChannelId == channelId && (d.State == DeliveryState.Queued || d.State == DeliveryState.WaitingForQuota)
                && (d.NextAttemptUtc == null || d.NextAttemptUtc <= now)
                && db.Channels.Any(c => c.Id == channelId && c.PausedUtc == null))
            .Join(db.Broadcasts.Where(b => b.State == BroadcastState.Sending || b.State == BroadcastState.WaitingForQuota),
                d => d.BroadcastId, b => b.Id, (d, b) => new { d, b })
            .OrderByDescending(x => x.b.IsTest).ThenBy(x => x.b.Id).ThenBy(x => x.d.Sequence)
            .Take(count)
            .Select(x => new WorkItem(x.d.Id, x.b.Id, x.d.RecipientId, x.d.Phone, x.d.MessageId!, x.d.Text, x.d.Attempts,
                x.b.Source, x.b.Type, x.b.MediaUrl, x.b.Extension, x.b.KeepDays, x.b.ExpiresUtc,
                db.Recipients.Where(r => r.Id == x.d.RecipientId).Select(r => (OptInStatus?)r.OptIn).FirstOrDefault(),
                db.RecipientActivity.Where(a => a.RecipientId == x.d.RecipientId && a.ChannelId == channelId)
                    .Select(a => (DateTime?)a.LastInboundUtc).FirstOrDefault(),
                db.ContactChecks.Any(k => k.ChannelId == channelId && k.RecipientId == x.d.RecipientId && k.CheckedUtc >= checkedSince)))
            .AsNoTracking().ToListAsync(ct);
        if (items.Count == 0)
        {
            return items;
        }

        var toCheck = items.Where(i => !i.Checked).Select(i => i.Id).ToList();
        var toSend = items.Where(i => i.Checked).Select(i => i.Id).ToList();
        var all = items.Select(i => i.Id).ToList();
        var claimed = await writer.WriteAsync(async (w, c) =>
        {
            await Waiting(w, toCheck).ExecuteUpdateAsync(u => u.SetProperty(d => d.State, DeliveryState.Checking), c);
            await Waiting(w, toSend).ExecuteUpdateAsync(u => u.SetProperty(d => d.State, DeliveryState.Sending), c);
            // Only this channel's worker moves its deliveries to Checking or Sending: those that are now are this claim's.
            return (await w.Deliveries.Where(d => all.Contains(d.Id) && (d.State == DeliveryState.Checking || d.State == DeliveryState.Sending))
                .Select(d => d.Id).ToListAsync(c)).ToHashSet();
        }, ct);
        return claimed.Count == items.Count ? items : items.Where(i => claimed.Contains(i.Id)).ToList();
    }

    private static IQueryable<Delivery> Waiting(AppDbContext db, List<long> ids) =>
        db.Deliveries.Where(d => ids.Contains(d.Id) && (d.State == DeliveryState.Queued || d.State == DeliveryState.WaitingForQuota));

    /// <summary>Writes a delivery's new state with the attempt that led to it (if any), in one transaction.</summary>
    public Task SaveAsync(long deliveryId, Action<Delivery> change, DeliveryAttempt? attempt, CancellationToken ct) =>
        writer.SaveDeliveryAsync(deliveryId, change, attempt, ct);

    public Task RememberCheckAsync(int channelId, int recipientId, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return writer.ExecuteAsync(
            """INSERT INTO "ContactChecks" ("ChannelId", "RecipientId", "CheckedUtc") VALUES (@p0, @p1, @p2) ON CONFLICT DO UPDATE SET "CheckedUtc" = excluded."CheckedUtc" """,
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
        var message = error.ToString();
        message = message.Length > 500 ? message[..500] : message;
        return writer.WriteAsync(async (db, c) => await db.Channels.Where(x => x.Id == channelId && x.PausedUtc == null)
            .ExecuteUpdateAsync(u => u.SetProperty(x => x.PausedUtc, now).SetProperty(x => x.PausedCode, error.Code)
                .SetProperty(x => x.PausedMessage, message), c) > 0, ct);
    }
}
