using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Options;

namespace BotHub.Admin.Features.Provider.Sandbox;

/// <summary>
/// The provider's rules, independent of HTTP: keys, bots, the per-channel rate, the 41xxx/10100 checks (MessageRules),
/// repeated ids, opt-in, the tier quota and injected faults. Every time comes from the injected TimeProvider.
/// An id is remembered only when its request is accepted (a send) or answered (a check), so a request refused for
/// the rate, its content, opt-in, quota or an injected fault can be retried with the same id.
/// </summary>
public sealed partial class SandboxProvider(ISandboxChannels channels, SandboxFaults faults, IOptions<SandboxOptions> options, TimeProvider time)
{
    private readonly SandboxOptions _options = options.Value;
    private readonly ConcurrentDictionary<string, ChannelState> _states = new(StringComparer.Ordinal);
    private long _lastRequestId = 35_122_312_157;
    private long _lastInboundId;

    public SandboxFaults Faults => faults;

    /// <summary><c>POST /channels/{bot}/messages</c>.</summary>
    public async ValueTask<SandboxAnswer> SendAsync(string bot, string? apiKey, ReadOnlyMemory<byte> body, CancellationToken ct) =>
        WithLatency(await SendCoreAsync(bot, apiKey, body, ct));

    /// <summary><c>POST /channels/{bot}/contacts/check</c>.</summary>
    public async ValueTask<SandboxAnswer> CheckAsync(string bot, string? apiKey, ReadOnlyMemory<byte> body, CancellationToken ct) =>
        WithLatency(await CheckCoreAsync(bot, apiKey, body, ct));

    public SandboxStats Stats() => new(_states.ToDictionary(s => s.Key, s =>
    {
        lock (s.Value.Gate)
        {
            return s.Value.Snapshot(time.GetUtcNow());
        }
    }, StringComparer.Ordinal));

    /// <summary>
    /// The provider's record of what reached users on one bot: every accepted send (id, recipient, time), in order; empty
    /// for a bot it has not seen. A copy, taken under the channel's lock.
    /// </summary>
    public IReadOnlyList<SandboxAcceptedSend> AcceptedSends(string bot)
    {
        if (!_states.TryGetValue(bot, out var state))
        {
            return [];
        }

        lock (state.Gate)
        {
            return state.AcceptedSends();
        }
    }

    private async ValueTask<SandboxAnswer> SendCoreAsync(string bot, string? apiKey, ReadOnlyMemory<byte> body, CancellationToken ct)
    {
        var (channel, state, refusal) = await AdmitAsync(bot, apiKey, ct);
        if (refusal is not null)
        {
            return refusal;
        }

        var request = Parse(body, ProviderJsonContext.Default.SendRequest);
        if (request is null)
        {
            return Refuse(state, 10100, "body is not a JSON object");
        }

        if (MessageRules.Validate(request) is [var issue, ..])
        {
            return Refuse(state, issue.Code, issue.Detail is null ? issue.Info.English : $"{issue.Field}: {issue.Detail}");
        }

        string id = request.Id!, to = request.To!;
        var today = DayOf(channel);
        lock (state.Gate)
        {
            if (state.WasSeen(id, time.GetUtcNow()))
            {
                return Refuse(state, 10011, "Request already processed");
            }

            if (state.OptInProblem(to, today) is { } reason)
            {
                var subcode = reason == SandboxReplies.OptedOut ? SandboxReplies.OptedOutSubcode : SandboxReplies.NoMessageTodaySubcode;
                return Refuse(state, 10100, reason, subcode);
            }

            if (!state.FitsQuota(to, today, _options.LimitFor(channel.Tier)))
            {
                // HTTP 400, not 429, so a used-up quota is never mistaken for the rate limit.
                return Refuse(state, 80001, SandboxReplies.QuotaMessage, SandboxReplies.QuotaSubcode, status: 400);
            }

            var fault = faults.Roll(request.To);
            if (Spoil(state, fault) is { } spoiled)
            {
                return spoiled;
            }

            state.MarkSeen(id, time.GetUtcNow());
            state.Notify(to, today);
            state.Accepted++;
            state.RecordAccepted(new SandboxAcceptedSend(id, to, time.GetUtcNow()));
            return SandboxReplies.Accepted() with { Fault = fault.Kind };
        }
    }

    /// <summary>The key, the bot and the rate, in that order; a request past them counts and has taken a token.</summary>
    private async ValueTask<(SandboxChannel Channel, ChannelState State, SandboxAnswer? Refusal)> AdmitAsync(string bot, string? apiKey, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(apiKey))
        {
            return (null!, null!, Error(401, 10001, "no API key given"));
        }

        // Keys belong to a channel, so a key can only be judged wrong once the bot is known: 10006 comes before 10002.
        var channel = await channels.FindAsync(bot, ct);
        if (channel is null)
        {
            return (null!, null!, Error(404, 10006, "bot does not exist or has been deleted"));
        }

        if (!channel.ApiKeys.Contains(apiKey, StringComparer.Ordinal))
        {
            return (null!, null!, Error(401, 10002, "invalid API key"));
        }

        var state = StateOf(bot);
        lock (state.Gate)
        {
            if (state.Admit(time.GetUtcNow(), time.GetTimestamp()))
            {
                return (channel, state, null);
            }

            state.RateViolations++;
            return (channel, state, Error(429, 10000, SandboxReplies.RateLimitMessage));
        }
    }

    /// <summary>The answer an injected fault gives instead of success, or null to go on (no fault, or a lost answer).</summary>
    private SandboxAnswer? Spoil(ChannelState state, SandboxFault fault)
    {
        if (fault.Kind != SandboxFaultKind.None)
        {
            state.Faults++;
        }

        return fault.Kind switch
        {
            SandboxFaultKind.Error => Error(SandboxReplies.InjectedStatusOf(fault.ErrorCode), fault.ErrorCode,
                $"{ErrorCatalogue.Find(fault.ErrorCode).English} (sandbox fault)"),
            SandboxFaultKind.TimeOut or SandboxFaultKind.Drop => new SandboxAnswer(0, new ProviderResponse(), fault.Kind),
            _ => null,
        };
    }

    private SandboxAnswer Refuse(ChannelState state, int code, string message, int subcode = 0, int? status = null)
    {
        // Lock is re-entrant: this is called both inside and outside the channel's lock.
        lock (state.Gate)
        {
            state.Refused++;
        }

        return Error(status ?? SandboxReplies.StatusOf(code), code, message, subcode);
    }

    private SandboxAnswer Error(int status, int code, string message, int subcode = 0) =>
        SandboxReplies.Error(status, code, message, Interlocked.Increment(ref _lastRequestId), subcode);

    private SandboxAnswer WithLatency(SandboxAnswer answer) => answer with { Delay = faults.NextLatency() };

    private ChannelState StateOf(string bot) => _states.GetOrAdd(bot, _ =>
        new ChannelState(new TokenBucket(_options.BucketRate, _options.BucketSize, time.TimestampFrequency, time.GetTimestamp()),
            new SeenIds(_options.IdsKeptFor, _options.MaxIdsPerChannel), _options.AcceptedKept));

    private DateOnly DayOf(SandboxChannel channel) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), channel.Zone).DateTime);

    private static T? Parse<T>(ReadOnlyMemory<byte> body, JsonTypeInfo<T> type) where T : class
    {
        try
        {
            return JsonSerializer.Deserialize(body.Span, type);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
