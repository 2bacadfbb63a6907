using System.Text.Json;
using BotHub.Admin.Data;
using BotHub.Admin.Features.Audit;
using BotHub.Admin.Features.Channels;
using BotHub.Admin.Features.Compose;
using BotHub.Admin.Features.Provider;
using BotHub.Admin.Features.Security;
using BotHub.Admin.Features.Tiers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using BotHub.Admin.Features.Sending;

namespace BotHub.Admin.Features.Compose;

public enum CreateError
{
    NoChannel,
    ChannelDisabled,
    MessageInvalid,
    ScheduleInPast,
    UnknownZone,
    KeepDaysOutOfRange,
    NobodyToSend,
}

/// <param name="Reason">With <see cref="CreateError.NobodyToSend"/>: why most of those picked were left out (for a test send, why its number was).</param>
public sealed record CreateResult(int? BroadcastId, CreateError? Error, int Queued = 0, int Excluded = 0, ExclusionReason? Reason = null)
{
    public bool Created => BroadcastId is not null;
}

/// <summary>
/// Turns a composition into a broadcast: the message, the channel, who asked, and one delivery row per recipient with
/// its own provider message id (made here, once, and kept for every retry) and its filled-in text; the excluded with
/// their reasons. All in one transaction, with prepared inserts, so 100,000 recipients take seconds, not minutes.
/// </summary>
public sealed class BroadcastCreator(IDbContextFactory<AppDbContext> factory, SendingChannels channels, AudienceQuery audience,
    QuotaReader quota, AuditLog audit, Sending.SendingSignal engine, IOptions<BspOptions> bsp, TimeProvider time)
{
    public const int MaxKeepDays = 30;

    private static readonly string[] Columns =
    [
        nameof(Delivery.BroadcastId), nameof(Delivery.ChannelId), nameof(Delivery.RecipientId), nameof(Delivery.Phone),
        nameof(Delivery.MessageId), nameof(Delivery.Text), nameof(Delivery.Sequence), nameof(Delivery.State),
        nameof(Delivery.Reason), nameof(Delivery.ReasonDetail), nameof(Delivery.Attempts),
    ];

    public Task<CreateResult> CreateAsync(ComposeModel model, AuditActor actor, CancellationToken ct = default) =>
        CreateAsync(model, actor, isTest: false, ct);

    /// <summary>A test send: it goes ahead of every queue (through the same limits).</summary>
    public Task<CreateResult> CreateTestAsync(ComposeModel model, AuditActor actor, CancellationToken ct = default) =>
        CreateAsync(model, actor, isTest: true, ct);

    private async Task<CreateResult> CreateAsync(ComposeModel model, AuditActor actor, bool isTest, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(actor);
        var now = time.GetUtcNow();
        var channel = model.ChannelId is { } channelId ? await channels.FindAsync(channelId, ct) : null;
        var scheduled = model.ScheduledUtc();
        CreateError? error = channel is null ? CreateError.NoChannel
            : !channel.Enabled ? CreateError.ChannelDisabled
            : ComposeRules.Validate(model.Message, now).Count > 0 ? CreateError.MessageInvalid
            : model.ScheduleLocal is not null && !TimeZoneInfo.TryFindSystemTimeZoneById(model.ScheduleZone ?? "", out _) ? CreateError.UnknownZone
            : scheduled is { } s && s <= now ? CreateError.ScheduleInPast
            : model.KeepDays is < 0 or > MaxKeepDays ? CreateError.KeepDaysOutOfRange
            : null;
        if (error is not null)
        {
            return new(null, error);
        }

        await using var db = await factory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var broadcast = NewBroadcast(model, channel!, actor, now, scheduled);
        broadcast.IsTest = isTest;
        db.Broadcasts.Add(broadcast);
        await db.SaveChangesAsync(ct);

        var source = await audience.ResolveAsync(db, channel!, model.Audience, scheduled is not null || model.KeepDays > 0, ct);
        var day = (await quota.ReadAsync(db, channel!, now, ct)).Day;
        var rules = new AudienceRules(model, channel!.Zone, now, judgeEligibility: scheduled is null);
        var forecast = new ForecastTally(channel.Zone, now, scheduled ?? now, judgedLater: scheduled is not null, model.KeepDays);
        var rows = AudienceQuery.Rows(db, source.Matched, channel.Id, day, (now - bsp.Value.CheckValidFor).UtcDateTime, model.Order);
        var sequence = 0;
        var excluded = 0;
        using (var insert = new BulkInsert<Delivery>(db, Columns))
        {
            await foreach (var row in rows.AsAsyncEnumerable().WithCancellation(ct))
            {
                var decision = rules.Decide(row);
                forecast.Add(row, decision);
                var delivery = new Delivery { BroadcastId = broadcast.Id, ChannelId = channel.Id, RecipientId = row.Id, Phone = row.Phone };
                if (decision.Kind == RowDecisionKind.Exclude)
                {
                    excluded++;
                    Exclude(delivery, decision.Reason!.Value, decision.Detail);
                }
                else
                {
                    delivery.MessageId = Guid.NewGuid().ToString("N");
                    delivery.Text = decision.Text;
                    delivery.Sequence = ++sequence;
                    delivery.State = DeliveryState.Queued;
                }

                insert.Insert(delivery);
            }

            foreach (var (phone, reason) in source.PastedUnknown.Select(p => (p, ExclusionReason.NotARecipient))
                         .Concat(source.PastedInvalid.Select(p => (p, ExclusionReason.InvalidNumber))))
            {
                excluded++;
                forecast.Exclude(reason, 1);
                insert.Insert(Exclude(new Delivery { BroadcastId = broadcast.Id, ChannelId = channel.Id, Phone = phone }, reason, null));
            }
        }

        if (sequence == 0)
        {
            await tx.RollbackAsync(ct);
            var reasons = forecast.Result().Excluded;
            return new(null, CreateError.NobodyToSend, 0, excluded,
                reasons.Count == 0 ? null : reasons.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key).First().Key);
        }

        broadcast.Total = sequence;
        broadcast.Excluded = excluded;
        broadcast.ForecastJson = forecast.Result().ToJson();
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        engine.Raise();
        if (isTest)
        {
            // A test send is one entry of its own (TestSent, written by the caller), not a broadcast made from an audience.
            return new(broadcast.Id, null, sequence, excluded);
        }

        await audit.WriteAsync(actor, AuditKind.BroadcastCreated, $"broadcast {broadcast.Id}",
            scheduled is { } when
                ? AuditText.Of("AuditDetail.BroadcastCreated.Scheduled", AuditText.Of($"Compose.Type.{broadcast.Type}"), channel.BotPhone, sequence, excluded,
                    AudienceText.AuditOf(AudienceRecord.Of(model.Audience)), when)
                : AuditText.Of("AuditDetail.BroadcastCreated", AuditText.Of($"Compose.Type.{broadcast.Type}"), channel.BotPhone, sequence, excluded,
                    AudienceText.AuditOf(AudienceRecord.Of(model.Audience))), ct);
        return new(broadcast.Id, null, sequence, excluded);
    }

    private static Delivery Exclude(Delivery delivery, ExclusionReason reason, string? detail)
    {
        delivery.State = DeliveryState.Excluded;
        delivery.Reason = reason;
        delivery.ReasonDetail = detail is { Length: > 200 } ? detail[..200] : detail;
        return delivery;
    }

    private static Broadcast NewBroadcast(ComposeModel model, SendingChannel channel, AuditActor actor, DateTimeOffset now, DateTimeOffset? scheduled)
    {
        var m = model.Message;
        var used = MessageVariables.Used(m.Template).Select(v => v.Key).ToHashSet();
        var fallbacks = model.Fallbacks.Where(kv => used.Contains(kv.Key)).ToDictionary();
        return new Broadcast
        {
            Name = string.IsNullOrWhiteSpace(model.Name) ? null : TextCap.Cap(model.Name.Trim(), Broadcast.NameMaxLength),
            ChannelId = channel.Id,
            Source = m.Source,
            Type = m.Type,
            Template = m.Template,
            MediaUrl = m.IsMedia ? m.Url?.Trim() : null,
            Extension = m.IsMedia ? m.Extension?.Trim().ToLowerInvariant() : null,
            FallbacksJson = fallbacks.Count == 0 ? null : JsonSerializer.Serialize(fallbacks),
            Audience = AudienceText.Describe(model.Audience),
            AudienceJson = AudienceRecord.Of(model.Audience).ToJson(),
            CreatedById = actor.UserId ?? "",
            CreatedByName = actor.UserName ?? "",
            CreatedUtc = now.UtcDateTime,
            ScheduledUtc = scheduled?.UtcDateTime,
            ScheduleZone = scheduled is null ? null : model.ScheduleZone,
            KeepDays = model.KeepDays,
            Order = model.Order,
            State = scheduled is null ? BroadcastState.Queued : BroadcastState.Scheduled,
        };
    }
}
