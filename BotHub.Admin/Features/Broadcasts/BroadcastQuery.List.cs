using BotHub.Admin.Features.Provider;
using BotHub.Admin.Features.Sending;
using Microsoft.EntityFrameworkCore;
using BotHub.Admin.Features.Clock;
using BotHub.Admin.Features.Channels;

namespace BotHub.Admin.Features.Broadcasts;

/// <summary>
/// What the broadcasts list shows: of one state, on one channel, created between two days (both included) of
/// <paramref name="Zone"/> (the person's; UTC when none); with <paramref name="Running"/>, only those the engine still has
/// work on (queued, sending, paused, waiting for quota). Test sends are left out unless <paramref name="ShowTests"/>.
/// </summary>
public sealed record BroadcastFilter(BroadcastState? State = null, int? ChannelId = null, DateOnly? From = null, DateOnly? To = null,
    bool Running = false, bool ShowTests = false, TimeZoneInfo? Zone = null)
{
    public bool IsEmpty => State is null && ChannelId is null && From is null && To is null && !Running;

    public IQueryable<Broadcast> Apply(IQueryable<Broadcast> q)
    {
        ArgumentNullException.ThrowIfNull(q);
        if (!ShowTests)
        {
            q = q.Where(b => !b.IsTest);
        }

        if (Running)
        {
            q = q.Where(b => b.State == BroadcastState.Queued || b.State == BroadcastState.Sending
                || b.State == BroadcastState.Paused || b.State == BroadcastState.WaitingForQuota);
        }

        if (State is { } state)
        {
            q = q.Where(b => b.State == state);
        }

        if (ChannelId is { } channel)
        {
            q = q.Where(b => b.ChannelId == channel);
        }

        if (From is { } from)
        {
            var start = Days.MidnightUtc(Zone ?? TimeZoneInfo.Utc, from).UtcDateTime;
            q = q.Where(b => b.CreatedUtc >= start);
        }

        if (To is { } to)
        {
            var end = Days.MidnightUtc(Zone ?? TimeZoneInfo.Utc, to.AddDays(1)).UtcDateTime;
            q = q.Where(b => b.CreatedUtc < end);
        }

        return q;
    }
}

/// <summary>A channel as the list's filter offers it.</summary>
public sealed record ChannelChoice(int Id, string Name, string BotPhone);

/// <summary>One request made for a delivery, as its row in the deliveries table shows it.</summary>
public sealed record AttemptRow(long Id, AttemptKind Kind, DateTime AtUtc, OutcomeKind Outcome, int? HttpStatus, int? Code, int? Subcode,
    string? ProviderMessage, string? RequestId, int LatencyMs);

public sealed partial class BroadcastQuery
{
    /// <summary>Every channel, by name, for the list's filter (no secrets read).</summary>
    public async Task<IReadOnlyList<ChannelChoice>> ChannelsAsync(CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Channels.AsNoTracking().OrderBy(c => c.Name).ThenBy(c => c.Id)
            .Select(c => new ChannelChoice(c.Id, c.Name, c.BotPhone)).ToListAsync(ct);
    }

    /// <summary>A delivery's requests in the order they were made; read when its row is opened.</summary>
    public async Task<IReadOnlyList<AttemptRow>> AttemptsAsync(long deliveryId, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.DeliveryAttempts.AsNoTracking().Where(a => a.DeliveryId == deliveryId)
            .OrderBy(a => a.AtUtc).ThenBy(a => a.Id)
            .Select(a => new AttemptRow(a.Id, a.Kind, a.AtUtc, a.Outcome, a.HttpStatus, a.Code, a.Subcode, a.ProviderMessage, a.RequestId, a.LatencyMs))
            .ToListAsync(ct);
    }
}
