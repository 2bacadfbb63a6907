using System.Text.Json;
using System.Text.Json.Serialization;

namespace BotHub.Admin.Features.Provider;

/// <summary>The send call's body, field for field as the spec gives it (absent fields are left out).</summary>
public sealed class SendRequest
{
    [JsonPropertyName("id")] public string? Id { get; set; }
    [JsonPropertyName("to")] public string? To { get; set; }
    [JsonPropertyName("timestamp")] public string? Timestamp { get; set; }
    [JsonPropertyName("source")] public string? Source { get; set; }
    [JsonPropertyName("type")] public string? Type { get; set; }
    [JsonPropertyName("text")] public TextBody? Text { get; set; }
    [JsonPropertyName("image")] public MediaBody? Image { get; set; }
    [JsonPropertyName("document")] public MediaBody? Document { get; set; }
    [JsonPropertyName("audio")] public MediaBody? Audio { get; set; }
}

public sealed class TextBody
{
    [JsonPropertyName("body")] public string? Body { get; set; }
}

public sealed class MediaBody
{
    [JsonPropertyName("url")] public string? Url { get; set; }
    [JsonPropertyName("caption")] public string? Caption { get; set; }
    [JsonPropertyName("extension")] public string? Extension { get; set; }
}

/// <summary>The pre-send check's body (spec, "The pre-send check").</summary>
public sealed class CheckRequest
{
    [JsonPropertyName("id")] public string? Id { get; set; }
    [JsonPropertyName("to")] public string? To { get; set; }
}

/// <summary>Every answer: { "result": true, "data": {...} } or { "error": {...} }.</summary>
public sealed class ProviderResponse
{
    [JsonPropertyName("result")] public bool? Result { get; set; }
    [JsonPropertyName("data")] public JsonElement? Data { get; set; }
    [JsonPropertyName("error")] public ProviderErrorBody? Error { get; set; }
}

public sealed class ProviderErrorBody
{
    [JsonPropertyName("code")] public int Code { get; set; }
    [JsonPropertyName("error_subcode")] public int Subcode { get; set; }
    [JsonPropertyName("type")] public string? Type { get; set; }
    [JsonPropertyName("message")] public string? Message { get; set; }

    /// <summary>A number on the page (35122312158); kept as the text it was sent as.</summary>
    [JsonPropertyName("request_id")] public JsonElement? RequestId { get; set; }

    [JsonIgnore]
    public string? RequestIdText => RequestId is { ValueKind: JsonValueKind.Number or JsonValueKind.String } r ? r.ToString() : null;
}

public sealed class CheckData
{
    [JsonPropertyName("to")] public string? To { get; set; }
    [JsonPropertyName("can_push")] public bool CanPush { get; set; }
    [JsonPropertyName("reason")] public string? Reason { get; set; }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SendRequest))]
[JsonSerializable(typeof(CheckRequest))]
[JsonSerializable(typeof(ProviderResponse))]
[JsonSerializable(typeof(CheckData))]
public sealed partial class ProviderJsonContext : JsonSerializerContext
{
    /// <summary>
    /// What goes on the wire: "+8613800138000" and Chinese text as they are, not as \u escapes (the default
    /// encoder escapes '+' and every non-ASCII character). Server-to-server JSON, never put into HTML.
    /// </summary>
    public static ProviderJsonContext Wire { get; } = new(new JsonSerializerOptions
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    });
}
