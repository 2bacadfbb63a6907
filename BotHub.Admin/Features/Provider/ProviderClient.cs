using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Options;

namespace BotHub.Admin.Features.Provider;

/// <summary>
/// The provider's send and check calls. One call, one HTTP request: retries belong to the sending engine,
/// so every attempt is recorded. The API key goes only into the APIKEY header, never into a log.
/// </summary>
public sealed class ProviderClient(HttpClient http, IOptionsMonitor<BspOptions> options, BspEndpoint endpoint, ILogger<ProviderClient> log)
{
    public async Task<ProviderOutcome> SendAsync(string botPhone, string apiKey, SendRequest message, CancellationToken ct)
    {
        var url = endpoint.Url($"/channels/{Uri.EscapeDataString(botPhone)}/messages");
        var (outcome, _) = await PostAsync(url, apiKey, Body(message, ProviderJsonContext.Wire.SendRequest), ct);
        ProviderLog.Sent(log, botPhone, message.Id, outcome.Kind, outcome.Error, (int)outcome.Elapsed.TotalMilliseconds);
        return outcome;
    }

    public async Task<CheckOutcome> CheckAsync(string botPhone, string apiKey, CheckRequest check, CancellationToken ct)
    {
        var url = endpoint.Url(options.CurrentValue.CheckPath.Replace("{bot}", Uri.EscapeDataString(botPhone), StringComparison.Ordinal));
        var (outcome, data) = await PostAsync(url, apiKey, Body(check, ProviderJsonContext.Wire.CheckRequest), ct);
        CheckData? answer = null;
        if (outcome.Kind == OutcomeKind.Accepted && data is { ValueKind: JsonValueKind.Object } d)
        {
            answer = d.Deserialize(ProviderJsonContext.Wire.CheckData);
        }

        ProviderLog.Checked(log, botPhone, check.Id, outcome.Kind, answer?.CanPush, outcome.Error);
        return new CheckOutcome(outcome, answer?.CanPush == true, answer?.Reason);
    }

    /// <summary>
    /// The JSON as bytes, so the request carries a Content-Length. JsonContent streams it chunked instead, and a server
    /// that does not decode chunked bodies answers 411 or reads an empty body (issue 16: every message refused).
    /// </summary>
    internal static ByteArrayContent Body<T>(T value, JsonTypeInfo<T> type) =>
        new(JsonSerializer.SerializeToUtf8Bytes(value, type)) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" } } };

    private async Task<(ProviderOutcome Outcome, JsonElement? Data)> PostAsync(Uri url, string apiKey, HttpContent content, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
        request.Headers.TryAddWithoutValidation("APIKEY", apiKey);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.CurrentValue.RequestTimeout);
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token);
            var body = await ReadBodyAsync(response, timeout.Token);
            return (Classify((int)response.StatusCode, body, Stopwatch.GetElapsedTime(started)), body?.Data);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return (Network($"no answer within {options.CurrentValue.RequestTimeout.TotalSeconds:0.#} s", started), null);
        }
        catch (HttpRequestException e)
        {
            return (Network(e.HttpRequestError == HttpRequestError.Unknown ? e.Message : $"{e.HttpRequestError}: {e.Message}", started), null);
        }
    }

    /// <summary>The spec's classification of an answer.</summary>
    public static ProviderOutcome Classify(int status, ProviderResponse? body, TimeSpan elapsed)
    {
        var transientStatus = status == (int)HttpStatusCode.TooManyRequests || status >= 500;
        if (body?.Error is { } e)
        {
            var decoded = DecodedError.Of(e.Code, e.Subcode, e.Message, e.RequestIdText, e.Type);
            var kind = transientStatus ? OutcomeKind.Transient : decoded.Class switch
            {
                ErrorClass.AlreadyProcessed => OutcomeKind.AlreadyProcessed,
                ErrorClass.ChannelMisconfigured => OutcomeKind.ChannelMisconfigured,
                ErrorClass.Transient => OutcomeKind.Transient,
                _ => OutcomeKind.Rejected,
            };
            return new ProviderOutcome(kind, decoded, status, elapsed);
        }

        if (status is >= 200 and < 300 && body?.Result == true)
        {
            return new ProviderOutcome(OutcomeKind.Accepted, null, status, elapsed);
        }

        // An answer without the expected shape: a 429/5xx is worth retrying; anything else is the provider's fault (80001).
        var message = body is null ? $"HTTP {status} with a body that is not the provider's JSON" : $"HTTP {status} without result or error";
        return new ProviderOutcome(transientStatus ? OutcomeKind.Transient : OutcomeKind.Rejected,
            DecodedError.Of(80001, message: message), status, elapsed);
    }

    private static ProviderOutcome Network(string message, long started) =>
        new(OutcomeKind.Transient, DecodedError.Of(80002, message: message), null, Stopwatch.GetElapsedTime(started));

    private static async Task<ProviderResponse?> ReadBodyAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(ct);
            return await JsonSerializer.DeserializeAsync(stream, ProviderJsonContext.Wire.ProviderResponse, ct);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>Where the provider is: Bsp:BaseUrl, or the running sandbox's own address when that is empty.</summary>
public sealed class BspEndpoint(IOptionsMonitor<BspOptions> options, IServiceProvider services)
{
    public Uri BaseUrl => !string.IsNullOrEmpty(options.CurrentValue.BaseUrl)
        ? new Uri(options.CurrentValue.BaseUrl)
        : services.GetService<IInProcessProvider>()?.BaseUrl
            ?? throw new InvalidOperationException("Bsp:BaseUrl is empty and no sandbox is running (Bsp:Mode is not Sandbox).");

    public Uri Url(string path) => new(BaseUrl.GetLeftPart(UriPartial.Authority) + BaseUrl.AbsolutePath.TrimEnd('/') + path);
}

internal static partial class ProviderLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Send {MessageId} on {Bot}: {Kind} {Error} in {ElapsedMs} ms")]
    public static partial void Sent(ILogger logger, string bot, string? messageId, OutcomeKind kind, DecodedError? error, int elapsedMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Check {RequestId} on {Bot}: {Kind} can_push={CanPush} {Error}")]
    public static partial void Checked(ILogger logger, string bot, string? requestId, OutcomeKind kind, bool? canPush, DecodedError? error);
}
