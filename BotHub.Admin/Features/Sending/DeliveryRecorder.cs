using BotHub.Admin.Features.Audit;
using BotHub.Admin.Features.Broadcasts;
using BotHub.Admin.Features.Channels;
using BotHub.Admin.Features.Provider;

namespace BotHub.Admin.Features.Sending;

/// <summary>
/// One channel worker's writes for its claimed deliveries, through the engine's one writer: each new state with the attempt
/// that led to it, written only while the claim holds (a lost claim changes nothing but the attempt's record); the mark
/// "with the provider" before a request; the user's check; the key's last use; the channel's pause, logged and audited;
/// and the events the pages listen for.
/// </summary>
public sealed class DeliveryRecorder(int channelId, EngineStore store, KeyUsage keyUsage, AuditLog audit, ProgressNotifier notifier,
    ILogger<SendingEngine> log)
{
    /// <summary>Marks the delivery as with the provider, while its claim holds, its broadcast runs and its channel is not paused.</summary>
    /// <returns>Whether the request may go out.</returns>
    public Task<bool> BeginRequestAsync(WorkItem item, CancellationToken ct) => store.StartRequestAsync(item, ct);

    /// <summary>Back to the queue without a request (still due), if the claim still holds.</summary>
    public Task<bool> GiveBackAsync(WorkItem item, CancellationToken ct) => store.GiveBackAsync(item, ct);

    /// <summary>Writes the delivery's new state with the attempt that led to it (if any).</summary>
    /// <returns>False when the claim was lost: nothing changed but the attempt's record.</returns>
    public Task<bool> SaveAsync(WorkItem item, Action<Delivery> change, DeliveryAttempt? attempt, CancellationToken ct) =>
        store.SaveAsync(item, change, attempt, ct);

    /// <summary>Sent: accepted (or already processed) by the provider at the send's time.</summary>
    public Task<bool> SentAsync(WorkItem item, RequestResult send, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(send);
        return SaveAsync(item, d =>
        {
            d.State = DeliveryState.Sent;
            d.SentUtc = send.At.UtcDateTime;
            d.NextAttemptUtc = null;
        }, send.Attempt, ct);
    }

    /// <summary>The check said the user may get a push: the send follows, if the claim still holds.</summary>
    public Task<bool> CheckedAsync(WorkItem item, DeliveryAttempt attempt, CancellationToken ct) =>
        SaveAsync(item, d => d.State = DeliveryState.Sending, attempt, ct);

    /// <summary>Cancelled while its request was out: the cancel counted it as not sent, whatever the answer.</summary>
    public Task<bool> CancelledAsync(WorkItem item, DeliveryAttempt attempt, CancellationToken ct) =>
        SaveAsync(item, d => d.State = DeliveryState.Cancelled, attempt, ct);

    /// <summary>Queued again, due at <paramref name="at"/> (null: now).</summary>
    public Task<bool> QueuedAsync(WorkItem item, DateTimeOffset? at, DeliveryAttempt? attempt, CancellationToken ct) =>
        SaveAsync(item, d => Later(d, at), attempt, ct);

    public Task<bool> ExcludedAsync(WorkItem item, ExclusionReason reason, string? detail, DeliveryAttempt? attempt, CancellationToken ct) =>
        SaveAsync(item, d =>
        {
            d.State = DeliveryState.Excluded;
            d.Reason = reason;
            d.ReasonDetail = detail;
            d.NextAttemptUtc = null;
        }, attempt, ct);

    /// <summary>Waits for the next quota day; <paramref name="error"/>: the provider's own quota refusal, when it said so.</summary>
    public Task<bool> WaitingForQuotaAsync(WorkItem item, DateTimeOffset resetsAt, DecodedError? error, DeliveryAttempt? attempt, CancellationToken ct) =>
        SaveAsync(item, d =>
        {
            if (error is not null)
            {
                Record(d, error);
            }

            d.State = DeliveryState.WaitingForQuota;
            d.NextAttemptUtc = resetsAt.UtcDateTime;
        }, attempt, ct);

    /// <summary>A transient failure: tried again at <paramref name="next"/>, with <paramref name="attempts"/> counted against it.</summary>
    public Task<bool> RetryAsync(WorkItem item, DecodedError error, int attempts, DateTimeOffset next, DeliveryAttempt attempt, CancellationToken ct) =>
        SaveAsync(item, d =>
        {
            Record(d, error);
            d.Attempts = attempts;
            Later(d, next);
        }, attempt, ct);

    /// <summary>Failed for good; <paramref name="counts"/>: this attempt counts against the message (it shows at least one).</summary>
    public Task<bool> FailedAsync(WorkItem item, DecodedError error, bool counts, DeliveryAttempt attempt, CancellationToken ct) =>
        SaveAsync(item, d =>
        {
            Record(d, error);
            d.Attempts = Math.Max(d.Attempts + (counts ? 1 : 0), 1);
            d.State = DeliveryState.Failed;
            d.NextAttemptUtc = null;
        }, attempt, ct);

    /// <summary>The user may get a push: remembered for the channel (skips the check for a while).</summary>
    public Task RememberCheckAsync(WorkItem item, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(item);
        return store.RememberCheckAsync(channelId, item.RecipientId!.Value, ct);
    }

    /// <summary>A request carried the key: its "last used" time (at most once a minute).</summary>
    public Task KeyUsedAsync(SendingKey key, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(key);
        return keyUsage.NoteAsync(key.Id, ct);
    }

    /// <summary>
    /// Pauses the channel after a misconfiguration answer, logged and audited when this call paused it (before its delivery
    /// goes back: once the pause shows, its entry is in the log, so a resume made after it is logged after it).
    /// </summary>
    /// <returns>True when this call paused the channel.</returns>
    public async Task<bool> PauseChannelAsync(SendingChannel channel, DecodedError error, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(channel);
        if (!await store.PauseChannelAsync(channelId, error, ct))
        {
            return false;
        }

        EngineLog.ChannelPaused(log, channel.BotPhone, error);
        await audit.WriteAsync(AuditActor.System, AuditKind.ChannelPaused, channel.BotPhone,
            AuditText.Of("AuditDetail.ChannelPaused", AuditText.Words(error.ToString(), ChineseOf(error))), ct);
        return true;
    }

    /// <summary>The pages learn that the channel paused.</summary>
    public void ChannelPaused() => notifier.Publish(new EngineEvent(EngineEventKind.Channel, null, channelId));

    /// <summary>The pages learn that a delivery of the broadcast moved.</summary>
    public void DeliveryDone(WorkItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        notifier.Publish(new EngineEvent(EngineEventKind.Deliveries, item.BroadcastId, channelId));
    }

    internal static string? Clip(string? s, int max) => s is { Length: > 0 } && s.Length > max ? s[..max] : s;

    private static void Later(Delivery d, DateTimeOffset? at)
    {
        d.State = DeliveryState.Queued;
        d.NextAttemptUtc = at?.UtcDateTime;
    }

    private static void Record(Delivery d, DecodedError error)
    {
        d.LastCode = error.Code;
        d.LastSubcode = error.Subcode;
        d.LastMessage = Clip(error.ProviderMessage, 500);
        d.LastRequestId = Clip(error.RequestId, 64);
    }

    // The paused channel's error as the Chinese reader of the audit log sees it (the provider's own Chinese text).
    private static string ChineseOf(DecodedError e) =>
        $"{e.Code} {e.Info.Chinese}"
        + (string.IsNullOrEmpty(e.ProviderMessage) ? "" : $"：{e.ProviderMessage}")
        + (e.Subcode != 0 ? $" [子代码 {e.Subcode}]" : "")
        + (string.IsNullOrEmpty(e.RequestId) ? "" : $" [请求 {e.RequestId}]");
}
