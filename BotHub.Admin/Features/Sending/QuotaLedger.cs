using BotHub.Admin.Data;
using BotHub.Admin.Features.Channels;
using BotHub.Admin.Features.Tiers;
using Microsoft.EntityFrameworkCore;

namespace BotHub.Admin.Features.Sending;

/// <param name="Granted">The user may be notified today.</param>
/// <param name="Reserved">This call took a new unit of quota (to give back if the send fails).</param>
public readonly record struct QuotaAnswer(bool Granted, bool Reserved, DateOnly Day, DateTimeOffset ResetsAt);

/// <summary>
/// One channel's daily quota as the engine spends it: distinct users per local day, reserved (a QuotaUse row) before a
/// send and given back if it fails. The channel's worker is the only spender, so the count kept here is exact; it is
/// read again from the database each new day and each minute (the tier can change).
/// </summary>
public sealed class QuotaLedger(IDbContextFactory<AppDbContext> factory, QuotaReader reader, TimeProvider time) : IDisposable
{
    private static readonly TimeSpan Refresh = TimeSpan.FromMinutes(1);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private HashSet<int> _notified = [];
    private QuotaStatus? _status;
    private DateTimeOffset _readAt;

    public async Task<QuotaAnswer> ReserveAsync(SendingChannel channel, int recipientId, CancellationToken ct)
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

            await using var db = await factory.CreateDbContextAsync(ct);
            db.QuotaUses.Add(new QuotaUse { ChannelId = channel.Id, Day = status.Day, RecipientId = recipientId, AtUtc = time.GetUtcNow().UtcDateTime });
            await db.SaveChangesAsync(ct);
            _notified.Add(recipientId);
            return new(true, true, status.Day, status.ResetsAt);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Gives back what a failed send reserved.</summary>
    public async Task ReleaseAsync(int channelId, int recipientId, DateOnly day, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            await using var db = await factory.CreateDbContextAsync(ct);
            await db.QuotaUses.Where(q => q.ChannelId == channelId && q.Day == day && q.RecipientId == recipientId).ExecuteDeleteAsync(ct);
            if (_status?.Day == day)
            {
                _notified.Remove(recipientId);
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
        return status;
    }
}
