using BotHub.Admin.Data;
using BotHub.Admin.Features.Broadcasts;
using BotHub.Admin.Features.Channels;
using BotHub.Admin.Features.Provider;
using BotHub.Admin.Features.Recipients;
using BotHub.Admin.Features.Sending;

namespace BotHub.Admin.Tests.Infrastructure;

/// <summary>Broadcasts, deliveries and their attempts written straight to the database, in any state, for the list's tests.</summary>
public static class BroadcastSeed
{
    private static int _nextBot;

    public static async Task<int> AddChannelAsync(this AppDbContext db, string name, string zone = "UTC")
    {
        var channel = new Channel
        {
            Name = name, BotPhone = $"+86138{Interlocked.Increment(ref _nextBot) + 5000:D8}", TimeZone = zone, CreatedUtc = DateTime.UtcNow,
        };
        db.Channels.Add(channel);
        await db.SaveChangesAsync(Xunit.TestContext.Current.CancellationToken);
        return channel.Id;
    }

    /// <summary>A delivery to send (with a message id), in a state; a name makes a recipient for it.</summary>
    public static PlannedDelivery Delivery(string phone, DeliveryState state, string? name = null) =>
        new(new Delivery { Phone = phone, State = state, MessageId = Guid.NewGuid().ToString("N"), Text = "Hello" }, name);

    /// <summary>A recipient left out at creation (no message id).</summary>
    public static PlannedDelivery Excluded(string phone, ExclusionReason reason) =>
        new(new Delivery { Phone = phone, State = DeliveryState.Excluded, Reason = reason }, null);

    public static PlannedDelivery Failed(this PlannedDelivery d, int code, int subcode = 0, string? message = null, string? requestId = null)
    {
        d.Row.State = DeliveryState.Failed;
        (d.Row.LastCode, d.Row.LastSubcode, d.Row.LastMessage, d.Row.LastRequestId) = (code, subcode, message, requestId);
        d.Row.Attempts = Math.Max(1, d.Row.Attempts);
        return d;
    }

    public static async Task<Broadcast> AddBroadcastAsync(this AppDbContext db, int channelId, BroadcastState state, DateTime createdUtc,
        string template, params PlannedDelivery[] deliveries)
    {
        var ct = Xunit.TestContext.Current.CancellationToken;
        var broadcast = new Broadcast
        {
            ChannelId = channelId, State = state, CreatedUtc = createdUtc, Template = template, Type = "text",
            CreatedById = "user-1", CreatedByName = "staff@test.local", Audience = "test",
            Total = deliveries.Count(d => d.Row.MessageId is not null), Excluded = deliveries.Count(d => d.Row.MessageId is null),
        };
        db.Broadcasts.Add(broadcast);
        await db.SaveChangesAsync(ct);
        var sequence = 0;
        foreach (var (d, name) in deliveries)
        {
            if (name is not null)
            {
                var recipient = new Recipient { Phone = d.Phone, Name = name, OptIn = OptInStatus.OptedIn, CreatedUtc = createdUtc };
                db.Recipients.Add(recipient);
                await db.SaveChangesAsync(ct);
                d.RecipientId = recipient.Id;
            }

            d.BroadcastId = broadcast.Id;
            d.ChannelId = channelId;
            d.Sequence = d.MessageId is null ? 0 : ++sequence;
            if (d.State == DeliveryState.Sent)
            {
                d.SentUtc ??= createdUtc.AddMinutes(1);
                d.Attempts = Math.Max(1, d.Attempts);
            }

            db.Deliveries.Add(d);
        }

        await db.SaveChangesAsync(ct);
        return broadcast;
    }

    public static async Task AddAttemptsAsync(this AppDbContext db, long deliveryId, params DeliveryAttempt[] attempts)
    {
        foreach (var a in attempts)
        {
            a.DeliveryId = deliveryId;
            db.DeliveryAttempts.Add(a);
        }

        await db.SaveChangesAsync(Xunit.TestContext.Current.CancellationToken);
    }

    public static DeliveryAttempt Attempt(AttemptKind kind, DateTime atUtc, OutcomeKind outcome, int? http, int? code = null, int? subcode = null,
        string? message = null, string? requestId = null, int latencyMs = 100) => new()
    {
        Kind = kind, AtUtc = atUtc, Outcome = outcome, HttpStatus = http, Code = code, Subcode = subcode, ProviderMessage = message,
        RequestId = requestId, LatencyMs = latencyMs,
    };
}

/// <summary>A delivery row to seed, and the name of a recipient to make for it.</summary>
public sealed record PlannedDelivery(Delivery Row, string? Name);
