namespace BotHub.Admin.Features.Channels;

/// <summary>One bot phone number that sends, with its keys and webhook secret (stored encrypted).</summary>
public sealed class Channel
{
    public int Id { get; set; }

    /// <summary>The bot's WhatsApp number in E.164 form; the {bot_phone} of the provider's URLs.</summary>
    public string BotPhone { get; set; } = "";

    public string Name { get; set; } = "";

    /// <summary>IANA time zone whose midnight ends the day for quota and eligibility.</summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>The tier an admin set to match the provider's account (1 to 3).</summary>
    public int Tier { get; set; } = 1;

    /// <summary>Requests per second the sender allows itself on this channel (spec, Limits 1, Decision: 20).</summary>
    public int RatePerSecond { get; set; } = 20;

    /// <summary>How many requests the sender's bucket holds (spec: 20, so no second holds more than 40).</summary>
    public int Burst { get; set; } = 20;

    /// <summary>Declared under Bsp:Channels: its settings come from configuration and are read-only in the UI.</summary>
    public bool FromConfiguration { get; set; }

    public DateTime CreatedUtc { get; set; }

    /// <summary>Set when the provider answered that the channel is misconfigured (bad key, missing bot): sending stops.</summary>
    public DateTime? PausedUtc { get; set; }

    public int? PausedCode { get; set; }
    public string? PausedMessage { get; set; }

    /// <summary>The webhook secret, encrypted with Data Protection.</summary>
    public string? WebhookSecretProtected { get; set; }

    /// <summary>The secret before the last rotation, still accepted until <see cref="WebhookSecretRotatedUtc"/> + 24 h.</summary>
    public string? PreviousWebhookSecretProtected { get; set; }

    public DateTime? WebhookSecretRotatedUtc { get; set; }

    public List<ApiKey> Keys { get; set; } = [];
}

/// <summary>A provider API key of a channel. Only its last four characters are ever shown after creation.</summary>
public sealed class ApiKey
{
    public int Id { get; set; }
    public int ChannelId { get; set; }

    /// <summary>The key, encrypted with Data Protection (it must be sent, so it is not hashed).</summary>
    public string ProtectedValue { get; set; } = "";

    public string Last4 { get; set; } = "";
    public bool IsEnabled { get; set; } = true;
    public bool FromConfiguration { get; set; }
    public DateTime CreatedUtc { get; set; }
    public string? CreatedBy { get; set; }
    public DateTime? LastUsedUtc { get; set; }
}
