using BotHub.Admin.Features.Audit;
using BotHub.Admin.Features.Broadcasts;
using BotHub.Admin.Features.Provider;
using BotHub.Admin.Features.Recipients;

namespace BotHub.Admin.Features.Sending;

// One delivery: decide again, reserve quota, check if needed, send, and record every request and its outcome.
public sealed partial class ChannelWorker
{
    private static readonly TimeSpan WaitForWriteIn = TimeSpan.FromMinutes(5);

    private async Task ProcessAsync(WorkItem item, SendContext context, bool probe, CancellationToken ct)
    {
        if (_paused || (_hold.Held && !probe))
        {
            await _s.Store.GiveBackAsync(item, ct);
            return;
        }

        var now = _s.Time.GetUtcNow();
        if (item.ExpiresUtc is { } expires && expires <= now.UtcDateTime)
        {
            // Claimed at or after the broadcast's end (deliveries waiting for quota fall due at the very midnight it
            // expires), before the engine settled it: closed as the settling would close it, never sent after its end.
            await SaveAsync(item, d => Exclude(d, ExclusionReason.EligibilityEnded, null), null, ct);
            return;
        }

        var eligibility = Eligibility.Evaluate(item.Phone, item.OptIn ?? OptInStatus.Unknown, item.LastInboundUtc, context.Channel.Zone, now);
        if (!eligibility.Eligible)
        {
            if (eligibility.Reason == IneligibleReason.NoMessageToday && item.KeepDays > 0)
            {
                // Kept for days: look again later; the user may write in (the broadcast's expiry closes it otherwise).
                await SaveAsync(item, d => Later(d, now + WaitForWriteIn), null, ct);
            }
            else
            {
                await SaveAsync(item, d => Exclude(d, AudienceReason(eligibility.Reason), null), null, ct);
            }

            return;
        }

        var quota = await _quota.ReserveAsync(context.Channel, item.RecipientId!.Value, item.BroadcastId, ct);
        if (!quota.Granted)
        {
            await SaveAsync(item, d =>
            {
                d.State = DeliveryState.WaitingForQuota;
                d.NextAttemptUtc = quota.ResetsAt.UtcDateTime;
            }, null, ct);
            return;
        }

        if (item.Checked || await CheckAsync(item, context, quota, probe, ct))
        {
            await SendAsync(item, context, quota, probe, ct);
        }
    }

    /// <summary>
    /// Takes the channel's token, then marks the delivery as with the provider, which the database allows only while the
    /// claim holds, the broadcast runs and the channel is not paused. Otherwise the delivery goes back without a request.
    /// </summary>
    /// <returns>Whether the request may go.</returns>
    private async Task<bool> BeginAsync(WorkItem item, SendContext context, QuotaAnswer quota, bool probe, CancellationToken ct)
    {
        if (!_hold.Held || probe)
        {
            await context.Bucket.TakeAsync(ct);
            if ((!_hold.Held || probe) && await _s.Store.StartRequestAsync(item, ct))
            {
                return true;
            }
        }

        await ReleaseAsync(item, context, quota, ct);
        await _s.Store.GiveBackAsync(item, ct);
        return false;
    }

    /// <summary>Feeds the channel's hold: any answer from the provider but a transient failure shows it is there.</summary>
    private void Heard(ProviderOutcome outcome)
    {
        if (outcome.Kind == OutcomeKind.Transient && outcome.Error is { Code: not 80001 } or { Code: 80001, Subcode: not 1 })
        {
            _hold.Missed(outcome.Error!);
        }
        else
        {
            _hold.Answered();
        }
    }

    /// <returns>True when the user may get a push and the send should follow.</returns>
    private async Task<bool> CheckAsync(WorkItem item, SendContext context, QuotaAnswer quota, bool probe, CancellationToken ct)
    {
        if (!await BeginAsync(item, context, quota, probe, ct))
        {
            return false;
        }

        MeterOf(item.BroadcastId).Request();
        var at = _s.Time.GetUtcNow();
        var check = await _s.Client.CheckAsync(context.Channel.BotPhone, context.ApiKey,
            new CheckRequest { Id = Guid.NewGuid().ToString("N"), To = item.Phone }, ct);
        Heard(check.Outcome);
        var attempt = Attempt(AttemptKind.Check, at, check.Outcome, context.ApiKeyId);
        await _s.KeyUsage.NoteAsync(context.ApiKeyId, ct);
        if (await _s.Store.BroadcastStateAsync(item.BroadcastId, ct) == BroadcastState.Cancelled)
        {
            // Cancelled while the check was out: the cancel counted this message as not sent, whatever the answer.
            if (check.Outcome.Kind == OutcomeKind.Accepted && check.CanPush)
            {
                await _s.Store.RememberCheckAsync(_channelId, item.RecipientId!.Value, ct);
            }

            await ReleaseAsync(item, context, quota, ct);
            await SaveAsync(item, d => d.State = DeliveryState.Cancelled, attempt, ct);
            return false;
        }

        switch (check.Outcome.Kind)
        {
            case OutcomeKind.Accepted when check.CanPush:
                // Both in the writer's next transaction; the send follows only if the claim still holds.
                var remembered = _s.Store.RememberCheckAsync(_channelId, item.RecipientId!.Value, ct);
                var held = await SaveAsync(item, d => d.State = DeliveryState.Sending, attempt, ct);
                await remembered;
                if (!held)
                {
                    await ReleaseAsync(item, context, quota, ct);
                }

                return held;
            case OutcomeKind.Accepted:
                await ReleaseAsync(item, context, quota, ct);
                await SaveAsync(item, d => Exclude(d, ExclusionReason.CheckRefused, check.Reason), attempt, ct);
                return false;
            default:
                await FailedRequestAsync(item, context, quota, check.Outcome, attempt, ct);
                return false;
        }
    }

    private async Task SendAsync(WorkItem item, SendContext context, QuotaAnswer quota, bool probe, CancellationToken ct)
    {
        if (!await BeginAsync(item, context, quota, probe, ct))
        {
            return;
        }

        MeterOf(item.BroadcastId).Request();
        var at = _s.Time.GetUtcNow();
        var outcome = await _s.Client.SendAsync(context.Channel.BotPhone, context.ApiKey, item.ToRequest(at), ct);
        Heard(outcome);
        var attempt = Attempt(AttemptKind.Send, at, outcome, context.ApiKeyId);
        await _s.KeyUsage.NoteAsync(context.ApiKeyId, ct);
        if (outcome.IsSuccess)
        {
            _meter.Reached();
            MeterOf(item.BroadcastId).Reached();
            await SaveAsync(item, d =>
            {
                d.State = DeliveryState.Sent;
                d.SentUtc = at.UtcDateTime;
                d.NextAttemptUtc = null;
            }, attempt, ct);
            return;
        }

        await FailedRequestAsync(item, context, quota, outcome, attempt, ct);
    }

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
                    await _s.Audit.WriteAsync(AuditActor.System, AuditKind.ChannelPaused, context.Channel.BotPhone, error.ToString(), ct);
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

    private static ExclusionReason AudienceReason(IneligibleReason? reason) => Compose.AudienceRules.ReasonOf(reason);

    private static string? Clip(string? s, int max) => s is { Length: > 0 } && s.Length > max ? s[..max] : s;
}
