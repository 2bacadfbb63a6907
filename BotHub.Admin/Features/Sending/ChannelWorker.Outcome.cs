using BotHub.Admin.Features.Broadcasts;
using BotHub.Admin.Features.Provider;

namespace BotHub.Admin.Features.Sending;

// What a provider's failure does to a delivery and its channel.
public sealed partial class ChannelWorker
{
    // The spec's classes: transient retries with the same id (a quota refusal waits for the next day), a misconfigured
    // channel pauses and fails nothing, anything else fails this message at once.
    private async Task FailedRequestAsync(WorkItem item, Target context, QuotaAnswer quota, RequestResult request, CancellationToken ct)
    {
        var (outcome, attempt) = (request.Outcome, request.Attempt);
        var error = outcome.Error!;
        var now = _time.GetUtcNow();
        // A transient failure counts against the message only while the channel's other requests are answered; and a
        // broadcast cancelled while this request was out ends it failed, as the cancel said ("with the provider").
        var counts = _pace.CountsAgainst();
        var cancelled = outcome.Kind is OutcomeKind.Transient or OutcomeKind.ChannelMisconfigured
            && await _store.BroadcastStateAsync(item.BroadcastId, ct) == BroadcastState.Cancelled;
        switch (outcome.Kind)
        {
            case OutcomeKind.ChannelMisconfigured:
                // Paused (and audited) before the delivery goes back to the queue: a claim that sees it queued also sees the pause.
                _paused = true;
                var paused = await _recorder.PauseChannelAsync(context.Channel, error, ct);
                await ReleaseAsync(item, context, quota, ct);
                if (cancelled)
                {
                    await _recorder.FailedAsync(item, error, counts: true, attempt, ct);
                }
                else
                {
                    await _recorder.QueuedAsync(item, null, attempt, ct);
                }

                if (paused)
                {
                    _recorder.ChannelPaused();
                }

                break;
            case OutcomeKind.Transient when error is { Code: 80001, Subcode: 1 }:
                await ReleaseAsync(item, context, quota, ct);
                await _recorder.WaitingForQuotaAsync(item, quota.ResetsAt, error, attempt, ct);
                break;
            case OutcomeKind.Transient when !cancelled && RetrySchedule.AfterTransient(item.Attempts, counts, _options, now, item.ExpiresUtc,
                    Random.Shared.NextDouble()) is (var attempts, { } next):
                await _recorder.RetryAsync(item, error, attempts, next, attempt, ct);
                break;
            default:
                await ReleaseAsync(item, context, quota, ct);
                await _recorder.FailedAsync(item, error, counts || cancelled, attempt, ct);
                break;
        }
    }

    // Not only when this attempt reserved: after a retry the reservation is an earlier attempt's (quota.Reserved is false).
    private Task ReleaseAsync(WorkItem item, Target context, QuotaAnswer quota, CancellationToken ct) =>
        _quota.ReleaseAsync(context.Channel, item, quota, ct);
}
