using BotHub.Admin.Data;
using BotHub.Admin.Features.Channels;
using BotHub.Admin.Features.Recipients;
using BotHub.Admin.Features.Tiers;
using Microsoft.EntityFrameworkCore;

namespace BotHub.Admin.Features.Sending;

/// <summary>
/// One channel worker's daily quota, per delivery: a unit reserved for the delivery's user before its first request
/// (<see cref="QuotaLedger"/>: distinct users per local day against the tier in force), given back when it ends unsent.
/// </summary>
public sealed class ChannelQuota(IDbContextFactory<AppDbContext> factory, EngineWriter writer, QuotaReader reader, TimeProvider time) : IDisposable
{
    private readonly QuotaLedger _ledger = new(factory, writer, reader, time);

    /// <summary>Today's use as last counted (null before the first reservation), for the progress events.</summary>
    public QuotaFigures? Figures => _ledger.Figures;

    /// <summary>Reserves a unit for the delivery's user on the channel's day (nothing new when the user already has one).</summary>
    public Task<QuotaAnswer> ReserveAsync(SendingChannel channel, WorkItem item, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(item);
        return _ledger.ReserveAsync(channel, item.RecipientId!.Value, item.BroadcastId, ct);
    }

    /// <summary>
    /// The delivery ends unsent: its user's unit of <paramref name="quota"/>'s day goes back, unless another delivery of the
    /// channel holds it. Not only when this attempt reserved: after a retry the reservation is an earlier attempt's.
    /// </summary>
    public Task ReleaseAsync(SendingChannel channel, WorkItem item, QuotaAnswer quota, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(item);
        return _ledger.ReleaseAsync(channel.Id, item.RecipientId!.Value, item.Id, quota.Day,
            Eligibility.DayStartUtc(channel.Zone, time.GetUtcNow()).UtcDateTime, ct);
    }

    public void Dispose() => _ledger.Dispose();
}
