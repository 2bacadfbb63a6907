using System.Text.Json;
using System.Text.Json.Serialization;

namespace BotHub.Admin.Features.Provider.Sandbox;

/// <summary>One channel's figures in <c>GET /_sandbox/stats</c>.</summary>
public sealed record SandboxChannelStats
{
    /// <summary>Requests that passed the key and bot checks, refused or not.</summary>
    [JsonPropertyName("requests")] public long Requests { get; init; }

    /// <summary>Requests in the busiest wall-clock second (UTC), refused ones included.</summary>
    [JsonPropertyName("busiest_second")] public int BusiestSecond { get; init; }

    [JsonPropertyName("rate_violations")] public long RateViolations { get; init; }

    /// <summary>Messages accepted (a lost answer included: the provider did accept it).</summary>
    [JsonPropertyName("accepted")] public long Accepted { get; init; }

    /// <summary>Check calls answered with can_push true or false.</summary>
    [JsonPropertyName("checks")] public long Checks { get; init; }

    /// <summary>Requests refused for their content: 41xxx, 10100, 10011, opt-in, quota.</summary>
    [JsonPropertyName("refused")] public long Refused { get; init; }

    /// <summary>Requests spoiled by an injected fault.</summary>
    [JsonPropertyName("faults")] public long Faults { get; init; }

    [JsonPropertyName("inbound")] public long Inbound { get; init; }

    /// <summary>Request ids remembered for the 10011 refusal: bounded by Bsp:Sandbox:IdsKeptFor and MaxIdsPerChannel.</summary>
    [JsonPropertyName("ids_kept")] public int IdsKept { get; init; }

    /// <summary>Distinct users notified per day of the channel's zone ("yyyy-MM-dd").</summary>
    [JsonPropertyName("notified_per_day")] public IReadOnlyDictionary<string, int> NotifiedPerDay { get; init; } = new Dictionary<string, int>();
}

public sealed record SandboxStats([property: JsonPropertyName("channels")] IReadOnlyDictionary<string, SandboxChannelStats> Channels);

/// <summary>The body of <c>POST /_sandbox/inbound</c>: a user writes to a channel.</summary>
public sealed class SandboxInboundRequest
{
    [JsonPropertyName("bot")] public string? Bot { get; set; }
    [JsonPropertyName("from")] public string? From { get; set; }
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("text")] public string? Text { get; set; }
}

public sealed record SandboxInboundReply([property: JsonPropertyName("id")] string Id, [property: JsonPropertyName("delivered")] bool Delivered);

/// <summary>A refusal of a <c>/_sandbox/*</c> call, which is not part of the provider's protocol.</summary>
public sealed record SandboxProblem([property: JsonPropertyName("problem")] string Problem);

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SandboxStats))]
[JsonSerializable(typeof(SandboxFaultSettings))]
[JsonSerializable(typeof(SandboxInboundRequest))]
[JsonSerializable(typeof(SandboxInboundReply))]
[JsonSerializable(typeof(SandboxProblem))]
public sealed partial class SandboxJsonContext : JsonSerializerContext
{
    /// <summary>As ProviderJsonContext.Wire: phone numbers and Chinese text as they are, not \u escapes.</summary>
    public static SandboxJsonContext Wire { get; } = new(new JsonSerializerOptions
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    });
}
