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

    /// <summary>
    /// Feeds the channel's hold: any answer from the provider but a transient failure shows it is there; and the meters'
    /// latency, which the time-left estimate uses.
    /// </summary>
    private void Heard(WorkItem item, ProviderOutcome outcome)
    {
        _meter.Answered(outcome.Elapsed);
        MeterOf(item.BroadcastId).Answered(outcome.Elapsed);
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
        Heard(item, check.Outcome);
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
        Heard(item, outcome);
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
}
