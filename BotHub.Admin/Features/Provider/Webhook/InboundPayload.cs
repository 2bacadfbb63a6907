using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace BotHub.Admin.Features.Provider.Webhook;

/// <summary>The inbound message the provider posts (spec, "Inbound messages").</summary>
public sealed class InboundPayload
{
    /// <summary>The columns' lengths: a longer type is refused; a longer name or text is cut (see InboundRecorder).</summary>
    public const int MaxType = 16;
    public const int MaxName = 200;
    public const int MaxText = 4096;

    [JsonPropertyName("id")] public string? Id { get; set; }
    [JsonPropertyName("from")] public string? From { get; set; }
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("timestamp")] public string? Timestamp { get; set; }
    [JsonPropertyName("type")] public string? Type { get; set; }
    [JsonPropertyName("text")] public TextBody? Text { get; set; }

    /// <summary>Parses and checks a body; the error says what is wrong, for the 400 answer.</summary>
    public static (InboundPayload? Payload, DateTimeOffset SentAt, string? Error) Parse(ReadOnlySpan<byte> body)
    {
        InboundPayload? p;
        try
        {
            p = JsonSerializer.Deserialize(body, InboundJsonContext.Default.InboundPayload);
        }
        catch (JsonException e)
        {
            return (null, default, $"the body is not valid JSON ({e.Message})");
        }

        if (p is null)
        {
            return (null, default, "the body is empty");
        }

        if (string.IsNullOrWhiteSpace(p.Id) || p.Id.Length > 128)
        {
            return (null, default, "id is missing or longer than 128 characters");
        }

        if (string.IsNullOrWhiteSpace(p.From) || !MessageRules.IsE164(p.From))
        {
            return (null, default, "from is missing or not a phone number in E.164 form");
        }

        if (!long.TryParse(p.Timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || seconds > 253402300799)
        {
            return (null, default, "timestamp is missing or not Unix seconds");
        }

        if (string.IsNullOrWhiteSpace(p.Type) || p.Type.Length > MaxType)
        {
            return (null, default, $"type is missing or longer than {MaxType} characters");
        }

        if (p.Type == "text" && p.Text?.Body is null)
        {
            return (null, default, "text.body is missing");
        }

        return (p, DateTimeOffset.FromUnixTimeSeconds(seconds), null);
    }
}

[JsonSerializable(typeof(InboundPayload))]
public sealed partial class InboundJsonContext : JsonSerializerContext;
