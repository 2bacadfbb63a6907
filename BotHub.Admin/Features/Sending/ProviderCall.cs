using BotHub.Admin.Features.Channels;
using BotHub.Admin.Features.Provider;

namespace BotHub.Admin.Features.Sending;

/// <summary>The key a channel's requests carry: the newest enabled one (its id is recorded with each attempt).</summary>
public sealed record SendingKey(string ApiKey, int Id);

/// <summary>One request's decoded outcome, with the attempt to record and when it went out.</summary>
/// <param name="CanPush">The check's answer: the user may get a push (false for a send).</param>
/// <param name="Reason">The check's reason when the user may not.</param>
public sealed record RequestResult(ProviderOutcome Outcome, DeliveryAttempt Attempt, DateTimeOffset At, bool CanPush = false, string? Reason = null);

/// <summary>
/// One request to the provider for a claimed delivery, a check or a send, through <see cref="ProviderClient"/> (one call,
/// one HTTP request, never retried here): returns the decoded outcome and the attempt's record, timed on the app's clock.
/// </summary>
public sealed class ProviderCall(ProviderClient client, TimeProvider time)
{
    /// <summary>Asks whether the delivery's user may get a push (a new id each time: a check is not idempotent).</summary>
    public async Task<RequestResult> CheckAsync(SendingChannel channel, SendingKey key, WorkItem item, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(item);
        var at = time.GetUtcNow();
        var check = await client.CheckAsync(channel.BotPhone, key.ApiKey, new CheckRequest { Id = Guid.NewGuid().ToString("N"), To = item.Phone }, ct);
        return new RequestResult(check.Outcome, Attempt(AttemptKind.Check, at, check.Outcome, key.Id), at, check.CanPush, check.Reason);
    }

    /// <summary>Sends the delivery's message with the id made when its broadcast was created.</summary>
    public async Task<RequestResult> SendAsync(SendingChannel channel, SendingKey key, WorkItem item, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(item);
        var at = time.GetUtcNow();
        var outcome = await client.SendAsync(channel.BotPhone, key.ApiKey, item.ToRequest(at), ct);
        return new RequestResult(outcome, Attempt(AttemptKind.Send, at, outcome, key.Id), at);
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
        ProviderMessage = DeliveryRecorder.Clip(outcome.Error?.ProviderMessage, 500),
        RequestId = DeliveryRecorder.Clip(outcome.Error?.RequestId, 64),
        LatencyMs = (int)Math.Min(int.MaxValue, outcome.Elapsed.TotalMilliseconds),
    };
}
