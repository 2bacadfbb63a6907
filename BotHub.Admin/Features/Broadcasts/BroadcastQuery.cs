using BotHub.Admin.Data;
using BotHub.Admin.Features.Sending;
using Microsoft.EntityFrameworkCore;
using BotHub.Admin.Features.Channels;
using BotHub.Admin.Features.Recipients;

namespace BotHub.Admin.Features.Broadcasts;

/// <param name="Total">Deliveries to send (the excluded at creation not counted).</param>
/// <param name="Done">Of those, how many no longer wait: sent, failed, cancelled or excluded when their turn came.</param>
/// <param name="ChannelZone">The channel's IANA time zone, in which times about the channel are shown.</param>
public sealed record BroadcastRow(int Id, string ChannelName, string Type, string? Template, string CreatedByName, DateTime CreatedUtc,
    DateTime? ScheduledUtc, BroadcastState State, int Total, int Excluded, int Sent, int Failed = 0, int Done = 0, int ChannelId = 0,
    string ChannelZone = "UTC", int KeepDays = 0, BroadcastTally? Tally = null, string? Name = null, bool IsTest = false);

/// <param name="WithProvider">Deliveries whose request (check or send) is with the provider now.</param>
/// <param name="SendsOut">Of those, the messages themselves (not checks): a cancel leaves them to the provider's answer.</param>
public sealed record BroadcastDetails(Broadcast Broadcast, string ChannelName, string ChannelPhone, string ChannelZone,
    IReadOnlyDictionary<DeliveryState, int> ByState, IReadOnlyDictionary<ExclusionReason, int> ByReason, int WithProvider = 0, int SendsOut = 0)
{
    /// <summary>Of the excluded, those still unsent when eligibility ended.</summary>
    public int NotReached => ByReason.GetValueOrDefault(ExclusionReason.EligibilityEnded);

    /// <summary>What a cancel now would stop: every delivery still open but the messages with the provider.</summary>
    public int Unsent => ByState.GetValueOrDefault(DeliveryState.Queued) + ByState.GetValueOrDefault(DeliveryState.Checking)
        + ByState.GetValueOrDefault(DeliveryState.Sending) + ByState.GetValueOrDefault(DeliveryState.WaitingForQuota) - SendsOut;
}

public sealed record DeliveryRow(long Id, string Phone, string? RecipientName, DeliveryState State, ExclusionReason? Reason, string? ReasonDetail,
    string? Text, string? MessageId, int Attempts, DateTime? SentUtc, int? LastCode = null, int? LastSubcode = null, string? LastMessage = null,
    string? LastRequestId = null, int Checks = 0, int Sends = 0)
{
    /// <summary>Every request made for it, as its history lists them (the engine's own retry count leaves some out).</summary>
    public int Requests => Checks + Sends;

    // The same delivery after a live reload: its row stays open in the table while its state moves on.
    public bool Equals(DeliveryRow? other) => other is not null && other.Id == Id;

    public override int GetHashCode() => Id.GetHashCode();
}

/// <summary>Reads broadcasts and their deliveries for the pages; counts are grouped in the database.</summary>
public sealed partial class BroadcastQuery(IDbContextFactory<AppDbContext> factory)
{
    /// <summary>
    /// One page of the broadcasts the filter matches, newest first, with each one's progress: sent, failed, and done
    /// (no longer waiting to be sent), counted in one grouped query over the page's deliveries.
    /// </summary>
    public async Task<(IReadOnlyList<BroadcastRow> Rows, int Total)> PageAsync(BroadcastFilter filter, int page, int pageSize,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await using var db = await factory.CreateDbContextAsync(ct);
        var q = filter.Apply(db.Broadcasts.AsNoTracking());
        var total = await q.CountAsync(ct);
        var rows = await q
            .OrderByDescending(b => b.CreatedUtc).ThenByDescending(b => b.Id)
            .Skip(page * pageSize).Take(pageSize)
            .Select(b => new BroadcastRow(b.Id,
                db.Set<Channel>().Where(c => c.Id == b.ChannelId).Select(c => c.Name).FirstOrDefault() ?? "",
                b.Type, b.Template, b.CreatedByName, b.CreatedUtc, b.ScheduledUtc, b.State, b.Total, b.Excluded, 0, 0, 0, b.ChannelId,
                db.Set<Channel>().Where(c => c.Id == b.ChannelId).Select(c => c.TimeZone).FirstOrDefault() ?? "UTC", b.KeepDays, null, b.Name, b.IsTest))
            .ToListAsync(ct);
        if (rows.Count == 0)
        {
            return (rows, total);
        }

        var ids = rows.Select(r => r.Id).ToList();
        var counts = await db.Deliveries.AsNoTracking().Where(d => ids.Contains(d.BroadcastId))
            .GroupBy(d => new { d.BroadcastId, d.State, Ended = d.Reason == ExclusionReason.EligibilityEnded })
            .Select(g => new { g.Key.BroadcastId, g.Key.State, g.Key.Ended, Count = g.Count() })
            .ToListAsync(ct);
        var byBroadcast = counts.ToLookup(c => c.BroadcastId);
        return (rows.Select(r =>
        {
            var of = byBroadcast[r.Id].GroupBy(c => c.State).ToDictionary(g => g.Key, g => g.Sum(c => c.Count));
            var notReached = byBroadcast[r.Id].Where(c => c.Ended).Sum(c => c.Count);
            var waiting = of.GetValueOrDefault(DeliveryState.Queued) + of.GetValueOrDefault(DeliveryState.Checking)
                + of.GetValueOrDefault(DeliveryState.Sending) + of.GetValueOrDefault(DeliveryState.WaitingForQuota);
            return r with
            {
                Sent = of.GetValueOrDefault(DeliveryState.Sent),
                Failed = of.GetValueOrDefault(DeliveryState.Failed),
                Done = Math.Clamp(r.Total - waiting, 0, r.Total),
                Tally = BroadcastTally.From(of, notReached),
            };
        }).ToList(), total);
    }

    public async Task<BroadcastDetails?> FindAsync(int id, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var b = await db.Broadcasts.AsNoTracking().FirstOrDefaultAsync(b => b.Id == id, ct);
        if (b is null)
        {
            return null;
        }

        var channel = await db.Channels.AsNoTracking().Where(c => c.Id == b.ChannelId)
            .Select(c => new { c.Name, c.BotPhone, c.TimeZone }).FirstAsync(ct);
        var deliveries = db.Deliveries.AsNoTracking().Where(d => d.BroadcastId == id);
        var byState = await deliveries.GroupBy(d => d.State).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var byReason = await deliveries.Where(d => d.Reason != null).GroupBy(d => d.Reason!.Value)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var inRequest = await deliveries.Where(d => (d.State == DeliveryState.Checking || d.State == DeliveryState.Sending) && d.InRequest)
            .GroupBy(d => d.State).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        return new BroadcastDetails(b, channel.Name, channel.BotPhone, channel.TimeZone, byState, byReason, inRequest.Sum(x => x.Count),
            inRequest.Where(x => x.Key == DeliveryState.Sending).Sum(x => x.Count));
    }

    /// <summary>One page of a broadcast's deliveries, in sending order (the excluded after), optionally of one state.</summary>
    public async Task<(IReadOnlyList<DeliveryRow> Rows, int Total)> DeliveriesAsync(int broadcastId, DeliveryState? state, int page, int pageSize,
        CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var q = db.Deliveries.AsNoTracking().Where(d => d.BroadcastId == broadcastId);
        if (state is { } s)
        {
            q = q.Where(d => d.State == s);
        }

        var total = await q.CountAsync(ct);
        var rows = await q.OrderBy(d => d.MessageId == null).ThenBy(d => d.Sequence).ThenBy(d => d.Id)
            .Skip(page * pageSize).Take(pageSize)
            .Select(d => new DeliveryRow(d.Id, d.Phone,
                db.Set<Recipient>().Where(r => r.Id == d.RecipientId).Select(r => r.Name).FirstOrDefault(),
                d.State, d.Reason, d.ReasonDetail, d.Text, d.MessageId, d.Attempts, d.SentUtc, d.LastCode, d.LastSubcode, d.LastMessage, d.LastRequestId,
                db.Set<DeliveryAttempt>().Count(a => a.DeliveryId == d.Id && a.Kind == AttemptKind.Check),
                db.Set<DeliveryAttempt>().Count(a => a.DeliveryId == d.Id && a.Kind == AttemptKind.Send)))
            .ToListAsync(ct);
        return (rows, total);
    }
}
