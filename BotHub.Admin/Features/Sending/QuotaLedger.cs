using BotHub.Admin.Data;
using BotHub.Admin.Features.Broadcasts;
using BotHub.Admin.Features.Channels;
using BotHub.Admin.Features.Tiers;
using Microsoft.EntityFrameworkCore;

namespace BotHub.Admin.Features.Sending;

/// <param name="Granted">The user may be notified today.</param>
/// <param name="Reserved">This call took a new unit of quota (to give back if the send fails).</param>
public readonly record struct QuotaAnswer(bool Granted, bool Reserved, DateOnly Day, DateTimeOffset ResetsAt);

/// <summary>Distinct users notified on a channel's day, against the limit of the tier in force.</summary>
public sealed record QuotaFigures(DateOnly Day, int Used, int Limit);

/// <summary>
/// One channel's daily quota as the engine spends it: distinct users per local day, reserved (a QuotaUse row) before a
/// send and given back if it fails. The channel's worker is the only spender, so the count kept here is exact; it is
/// read again from the database each new day and each minute (the tier can change).
/// </summary>
public sealed class QuotaLedger(IDbContextFactory<AppDbContext> factory, EngineWriter writer, QuotaReader reader, TimeProvider time) : IDisposable
{
    private static readonly TimeSpan Refresh = TimeSpan.FromMinutes(1);
    private const string InsertUse = """INSERT INTO "QuotaUses" ("ChannelId", "Day", "RecipientId", "AtUtc", "BroadcastId") VALUES (@p0, @p1, @p2, @p3, @p4)""";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private HashSet<int> _notified = [];
    private QuotaStatus? _status;
    private DateTimeOffset _readAt;
    private volatile QuotaFigures? _figures;

    /// <summary>Today's use as last counted here (null before the first reservation): cheap, for the progress events.</summary>
    public QuotaFigures? Figures => _figures;

    /// <param name="broadcastId">The broadcast the unit is spent for, recorded with it for the tier page.</param>
    public async Task<QuotaAnswer> ReserveAsync(SendingChannel channel, int recipientId, int broadcastId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(channel);
        await _gate.WaitAsync(ct);
        try
        {
            var status = await CurrentAsync(channel, ct);
            if (_notified.Contains(recipientId))
            {
                return new(true, false, status.Day, status.ResetsAt);
            }

            if (_notified.Count >= status.Limit)
            {
                return new(false, false, status.Day, status.ResetsAt);
            }

            var (channelId, day, at) = (channel.Id, status.Day, time.GetUtcNow().UtcDateTime);
            await writer.ExecuteAsync(InsertUse, [channelId, day, recipientId, at, broadcastId], ct);
            _notified.Add(recipientId);
            _figures = new(status.Day, _notified.Count, status.Limit);
            return new(true, true, status.Day, status.ResetsAt);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Gives back the user's reservation for the day when a delivery ends unsent (failed, refused, put back, waiting for
    /// the provider's quota), whichever of its attempts made it: a retry finds the user already reserved and reserves
    /// nothing itself. Kept while another delivery of the channel holds it: one sent to the user since the day began, or
    /// one under way (claimed, or waiting for a retry).
    /// </summary>
    public async Task ReleaseAsync(int channelId, int recipientId, long deliveryId, DateOnly day, DateTime dayStartUtc, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var released = await writer.WriteAsync(async (db, c) =>
            {
                if (await db.Deliveries.AnyAsync(d => d.RecipientId == recipientId && d.ChannelId == channelId && d.Id != deliveryId
                        && ((d.State == DeliveryState.Sent && d.SentUtc >= dayStartUtc)
                            || d.State == DeliveryState.Checking || d.State == DeliveryState.Sending
                            || (d.State == DeliveryState.Queued && d.Attempts > 0)), c))
                {
                    return false;
                }

                await db.QuotaUses.Where(q => q.ChannelId == channelId && q.Day == day && q.RecipientId == recipientId).ExecuteDeleteAsync(c);
                return true;
            }, ct);
            if (released && _status?.Day == day && _notified.Remove(recipientId))
            {
                _figures = new(day, _notified.Count, _status.Limit);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private async Task<QuotaStatus> CurrentAsync(SendingChannel channel, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (_status is { } s && s.Day == QuotaReader.LocalDay(channel.Zone, now) && now - _readAt < Refresh)
        {
            return s;
        }

        await using var db = await factory.CreateDbContextAsync(ct);
        var status = await reader.ReadAsync(db, channel, now, ct);
        var day = status.Day;
        _notified = (await db.QuotaUses.Where(q => q.ChannelId == channel.Id && q.Day == day).Select(q => q.RecipientId).ToListAsync(ct)).ToHashSet();
        (_status, _readAt) = (status, now);
        _figures = new(day, _notified.Count, status.Limit);
        return status;
    }
}
