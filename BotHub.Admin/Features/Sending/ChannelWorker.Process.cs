using BotHub.Admin.Features.Broadcasts;
using BotHub.Admin.Features.Provider;
using BotHub.Admin.Features.Recipients;

namespace BotHub.Admin.Features.Sending;

// One delivery: decide again, reserve quota, check if needed, send, and record every request and its outcome.
public sealed partial class ChannelWorker
{
    private static readonly TimeSpan WaitForWriteIn = TimeSpan.FromMinutes(5);

    private async Task ProcessAsync(WorkItem item, Target context, bool probe, CancellationToken ct)
    {
        if (_paused || (_pace.Held && !probe))
        {
            await _recorder.GiveBackAsync(item, ct);
            return;
        }

        var now = _time.GetUtcNow();
        if (item.ExpiresUtc is { } expires && expires <= now.UtcDateTime)
        {
            // Claimed at or after the broadcast's end (deliveries waiting for quota fall due at the very midnight it
            // expires), before the engine settled it: closed as the settling would close it, never sent after its end.
            await _recorder.ExcludedAsync(item, ExclusionReason.EligibilityEnded, null, null, ct);
            return;
        }

        var eligibility = Eligibility.Evaluate(item.Phone, item.OptIn ?? OptInStatus.Unknown, item.LastInboundUtc, context.Channel.Zone, now);
        if (!eligibility.Eligible)
        {
            if (eligibility.Reason == IneligibleReason.NoMessageToday && item.KeepDays > 0)
            {
                // Kept for days: look again later; the user may write in (the broadcast's expiry closes it otherwise).
                await _recorder.QueuedAsync(item, now + WaitForWriteIn, null, ct);
            }
            else
            {
                await _recorder.ExcludedAsync(item, Exclusions.Of(eligibility.Reason), null, null, ct);
            }

            return;
        }

        var quota = await _quota.ReserveAsync(context.Channel, item, ct);
        if (!quota.Granted)
        {
            await _recorder.WaitingForQuotaAsync(item, quota.ResetsAt, null, null, ct);
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
    private async Task<bool> BeginAsync(WorkItem item, Target context, QuotaAnswer quota, bool probe, CancellationToken ct)
    {
        if (await _pace.TakeAsync(probe, ct) && await _recorder.BeginRequestAsync(item, ct))
        {
            return true;
        }

        await ReleaseAsync(item, context, quota, ct);
        await _recorder.GiveBackAsync(item, ct);
        return false;
    }

    /// <summary>
    /// The provider's answer feeds the meters' latency, which the time-left estimate uses, and the channel's hold: any
    /// answer but a transient failure shows it is there.
    /// </summary>
    private void Heard(WorkItem item, ProviderOutcome outcome)
    {
        _meters.Answered(item.BroadcastId, outcome);
        _pace.Heard(outcome);
    }

    /// <returns>True when the user may get a push and the send should follow.</returns>
    private async Task<bool> CheckAsync(WorkItem item, Target context, QuotaAnswer quota, bool probe, CancellationToken ct)
    {
        if (!await BeginAsync(item, context, quota, probe, ct))
        {
            return false;
        }

        _meters.Requested(item.BroadcastId);
        var check = await _provider.CheckAsync(context.Channel, context.Key, item, ct);
        Heard(item, check.Outcome);
        await _recorder.KeyUsedAsync(context.Key, ct);
        if (await _store.BroadcastStateAsync(item.BroadcastId, ct) == BroadcastState.Cancelled)
        {
            // Cancelled while the check was out: the cancel counted this message as not sent, whatever the answer.
            if (check.Outcome.Kind == OutcomeKind.Accepted && check.CanPush)
            {
                await _recorder.RememberCheckAsync(item, ct);
            }

            await ReleaseAsync(item, context, quota, ct);
            await _recorder.CancelledAsync(item, check.Attempt, ct);
            return false;
        }

        switch (check.Outcome.Kind)
        {
            case OutcomeKind.Accepted when check.CanPush:
                // Both in the writer's next transaction; the send follows only if the claim still holds.
                var remembered = _recorder.RememberCheckAsync(item, ct);
                var held = await _recorder.CheckedAsync(item, check.Attempt, ct);
                await remembered;
                if (!held)
                {
                    await ReleaseAsync(item, context, quota, ct);
                }

                return held;
            case OutcomeKind.Accepted:
                await ReleaseAsync(item, context, quota, ct);
                await _recorder.ExcludedAsync(item, ExclusionReason.CheckRefused, check.Reason, check.Attempt, ct);
                return false;
            default:
                await FailedRequestAsync(item, context, quota, check, ct);
                return false;
        }
    }

    private async Task SendAsync(WorkItem item, Target context, QuotaAnswer quota, bool probe, CancellationToken ct)
    {
        if (!await BeginAsync(item, context, quota, probe, ct))
        {
            return;
        }

        _meters.Requested(item.BroadcastId);
        var send = await _provider.SendAsync(context.Channel, context.Key, item, ct);
        Heard(item, send.Outcome);
        await _recorder.KeyUsedAsync(context.Key, ct);
        if (send.Outcome.IsSuccess)
        {
            _meters.Reached(item.BroadcastId);
            await _recorder.SentAsync(item, send, ct);
            return;
        }

        await FailedRequestAsync(item, context, quota, send, ct);
    }
}
