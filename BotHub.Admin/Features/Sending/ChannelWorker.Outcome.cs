using BotHub.Admin.Features.Audit;
using BotHub.Admin.Features.Broadcasts;
using BotHub.Admin.Features.Provider;
using BotHub.Admin.Features.Recipients;

namespace BotHub.Admin.Features.Sending;

// What a provider's failure does to a delivery and its channel, and the small writes every outcome shares.
public sealed partial class ChannelWorker
{
    // The spec's classes: transient retries with the same id (a quota refusal waits for the next day), a misconfigured
    // channel pauses and fails nothing, anything else fails this message at once.
    private async Task FailedRequestAsync(WorkItem item, SendContext context, QuotaAnswer quota, ProviderOutcome outcome,
        DeliveryAttempt attempt, CancellationToken ct)
    {
        var error = outcome.Error!;
        var now = _s.Time.GetUtcNow();
        // A transient failure counts against the message only while the channel's other requests are answered; and a
        // broadcast cancelled while this request was out ends it failed, as the cancel said ("with the provider").
        var counts = _hold.CountsAgainst();
        var cancelled = outcome.Kind is OutcomeKind.Transient or OutcomeKind.ChannelMisconfigured
            && await _s.Store.BroadcastStateAsync(item.BroadcastId, ct) == BroadcastState.Cancelled;
        switch (outcome.Kind)
        {
            case OutcomeKind.ChannelMisconfigured:
                // Paused before the delivery goes back to the queue: a claim that sees it queued also sees the pause.
                _paused = true;
                var paused = await _s.Store.PauseChannelAsync(_channelId, error, ct);
                if (paused)
                {
                    // Audited before the delivery goes back: once the pause shows (channel paused, nothing in flight)
                    // its entry is in the log, so a resume made after that is logged after it.
                    EngineLog.ChannelPaused(_s.Log, context.Channel.BotPhone, error);
                    await _s.Audit.WriteAsync(AuditActor.System, AuditKind.ChannelPaused, context.Channel.BotPhone, AuditText.Of("AuditDetail.ChannelPaused", AuditText.Words(error.ToString(), ChineseOf(error))), ct);
                }

                await ReleaseAsync(item, context, quota, ct);
                await SaveAsync(item, d =>
                {
                    if (cancelled)
                    {
                        Record(d, error);
                        d.Attempts++;
                        d.State = DeliveryState.Failed;
                        d.NextAttemptUtc = null;
                    }
                    else
                    {
                        Later(d, null);
                    }
                }, attempt, ct);
                if (paused)
                {
                    _s.Notifier.Publish(new EngineEvent(EngineEventKind.Channel, null, _channelId));
                }

                break;
            case OutcomeKind.Transient when error is { Code: 80001, Subcode: 1 }:
                await ReleaseAsync(item, context, quota, ct);
                await SaveAsync(item, d =>
                {
                    Record(d, error);
                    d.State = DeliveryState.WaitingForQuota;
                    d.NextAttemptUtc = quota.ResetsAt.UtcDateTime;
                }, attempt, ct);
                break;
            case OutcomeKind.Transient when !cancelled && RetrySchedule.AfterTransient(item.Attempts, counts, _options, now, item.ExpiresUtc,
                    Random.Shared.NextDouble()) is (var attempts, { } next):
                await SaveAsync(item, d =>
                {
                    Record(d, error);
                    d.Attempts = attempts;
                    Later(d, next);
                }, attempt, ct);
                break;
            default:
                await ReleaseAsync(item, context, quota, ct);
                await SaveAsync(item, d =>
                {
                    Record(d, error);
                    d.Attempts = Math.Max(d.Attempts + (counts || cancelled ? 1 : 0), 1);
                    d.State = DeliveryState.Failed;
                    d.NextAttemptUtc = null;
                }, attempt, ct);
                break;
        }
    }

    // Not only when this attempt reserved: after a retry the reservation is an earlier attempt's (quota.Reserved is false).
    private Task ReleaseAsync(WorkItem item, SendContext context, QuotaAnswer quota, CancellationToken ct) =>
        _quota.ReleaseAsync(_channelId, item.RecipientId!.Value, item.Id, quota.Day,
            Eligibility.DayStartUtc(context.Channel.Zone, _s.Time.GetUtcNow()).UtcDateTime, ct);

    private Task<bool> SaveAsync(WorkItem item, Action<Delivery> change, DeliveryAttempt? attempt, CancellationToken ct) =>
        _s.Store.SaveAsync(item, change, attempt, ct);

    private static void Later(Delivery d, DateTimeOffset? at)
    {
        d.State = DeliveryState.Queued;
        d.NextAttemptUtc = at?.UtcDateTime;
    }

    private static void Exclude(Delivery d, ExclusionReason reason, string? detail)
    {
        d.State = DeliveryState.Excluded;
        d.Reason = reason;
        d.ReasonDetail = detail;
        d.NextAttemptUtc = null;
    }

    private static void Record(Delivery d, DecodedError error)
    {
        d.LastCode = error.Code;
        d.LastSubcode = error.Subcode;
        d.LastMessage = Clip(error.ProviderMessage, 500);
        d.LastRequestId = Clip(error.RequestId, 64);
    }

    private static DeliveryAttempt Attempt(AttemptKind kind, DateTimeOffset at, ProviderOutcome outcome, int apiKeyId) => new()
    {
        Kind = kind,
        ApiKeyId = apiKeyId,
        AtUtc = at.UtcDateTime,
        Outcome = outcome.Kind,
        HttpStatus = outcome.HttpStatus,
        Code = outcome.Error?.Code,
        Subcode = outcome.Error?.Subcode,
        ProviderMessage = Clip(outcome.Error?.ProviderMessage, 500),
        RequestId = Clip(outcome.Error?.RequestId, 64),
        LatencyMs = (int)Math.Min(int.MaxValue, outcome.Elapsed.TotalMilliseconds),
    };

    private static ExclusionReason AudienceReason(IneligibleReason? reason) => Exclusions.Of(reason);

    private static string? Clip(string? s, int max) => s is { Length: > 0 } && s.Length > max ? s[..max] : s;

    // The paused channel's error as the Chinese reader of the audit log sees it (the provider's own Chinese text).
    private static string ChineseOf(DecodedError e) =>
        $"{e.Code} {e.Info.Chinese}"
        + (string.IsNullOrEmpty(e.ProviderMessage) ? "" : $"：{e.ProviderMessage}")
        + (e.Subcode != 0 ? $" [子代码 {e.Subcode}]" : "")
        + (string.IsNullOrEmpty(e.RequestId) ? "" : $" [请求 {e.RequestId}]");
}
