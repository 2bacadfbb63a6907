using BotHub.Admin.Data;
using BotHub.Admin.Features.Provider.Webhook;
using Microsoft.EntityFrameworkCore;

namespace BotHub.Admin.Features.Sending;

/// <summary>A user who writes in makes their deliveries kept for days (waiting for them to write) due at once, and wakes the engine.</summary>
public sealed class SendKeptOnInbound(IDbContextFactory<AppDbContext> factory, SendingSignal signal) : IInboundListener
{
    public async Task UserWroteInAsync(UserWroteIn wrote, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(wrote);
        await using var db = await factory.CreateDbContextAsync(ct);
        if (await WakeKeptAsync(db, wrote.ChannelId, wrote.RecipientId, ct))
        {
            signal.Raise();
        }
    }

    // A delivery waiting for its user to write in is queued, never tried, and due later (a retry has attempts).
    private static async Task<bool> WakeKeptAsync(AppDbContext db, int channelId, int recipientId, CancellationToken ct) =>
        await db.Deliveries.Where(d => d.ChannelId == channelId && d.RecipientId == recipientId && d.State == DeliveryState.Queued
                && d.Attempts == 0 && d.NextAttemptUtc != null)
            .ExecuteUpdateAsync(u => u.SetProperty(d => d.NextAttemptUtc, (DateTime?)null), ct) > 0;
}
