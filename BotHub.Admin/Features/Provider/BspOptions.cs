using Microsoft.Extensions.Options;

namespace BotHub.Admin.Features.Provider;

public enum BspMode
{
    /// <summary>The built-in sandbox runs inside the app and the client talks to it.</summary>
    Sandbox,

    /// <summary>The client talks to Bsp:BaseUrl; no sandbox is started.</summary>
    Live,
}

/// <summary>Settings under "Bsp": the provider and the channels declared by configuration.</summary>
public sealed class BspOptions
{
    public const string Section = "Bsp";

    public BspMode Mode { get; set; } = BspMode.Sandbox;

    /// <summary>The provider's base URL; empty in sandbox mode means the sandbox's own address.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>The pre-send check's path; {bot} is the channel's phone.</summary>
    public string CheckPath { get; set; } = "/channels/{bot}/contacts/check";

    /// <summary>How long one request may take before it counts as a time-out (a transient failure).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a positive pre-send check is remembered per channel and user (spec: 7 days).</summary>
    public TimeSpan CheckValidFor { get; set; } = TimeSpan.FromDays(7);

    public List<ConfiguredChannel> Channels { get; set; } = [];
}

/// <summary>A channel declared under Bsp:Channels, for automated set-ups.</summary>
public sealed class ConfiguredChannel
{
    public string BotPhone { get; set; } = "";
    public string Name { get; set; } = "";
    public string TimeZone { get; set; } = "UTC";
    public int Tier { get; set; } = 1;
    public string? ApiKey { get; set; }
    public string? WebhookSecret { get; set; }

    /// <summary>Requests per second the engine sends on this channel (spec: 20); null keeps what the database has.</summary>
    public int? RatePerSecond { get; set; }

    /// <summary>Requests the channel's bucket holds (spec decision: 20, so no second holds more than 40); null keeps what the database has.</summary>
    public int? Burst { get; set; }
}

/// <summary>Checks across fields; a wrong setting stops the app at start with a message that names the key.</summary>
public sealed class BspOptionsValidator : IValidateOptions<BspOptions>
{
    public ValidateOptionsResult Validate(string? name, BspOptions o)
    {
        var errors = new List<string>();
        if (o.Mode == BspMode.Live && !IsHttpUrl(o.BaseUrl))
        {
            errors.Add("Bsp:BaseUrl must be an absolute http(s) URL when Bsp:Mode is Live.");
        }
        else if (!string.IsNullOrEmpty(o.BaseUrl) && !IsHttpUrl(o.BaseUrl))
        {
            errors.Add($"Bsp:BaseUrl '{o.BaseUrl}' is not an absolute http(s) URL.");
        }

        if (!o.CheckPath.StartsWith('/') || !o.CheckPath.Contains("{bot}", StringComparison.Ordinal))
        {
            errors.Add("Bsp:CheckPath must start with '/' and contain {bot}.");
        }

        if (o.RequestTimeout <= TimeSpan.Zero || o.RequestTimeout > TimeSpan.FromMinutes(2))
        {
            errors.Add("Bsp:RequestTimeout must be between 0 and 2 minutes.");
        }

        if (o.CheckValidFor <= TimeSpan.Zero)
        {
            errors.Add("Bsp:CheckValidFor must be positive (e.g. \"7.00:00:00\").");
        }

        for (var i = 0; i < o.Channels.Count; i++)
        {
            var c = o.Channels[i];
            var key = $"Bsp:Channels:{i}";
            if (!MessageRules.IsE164(c.BotPhone))
            {
                errors.Add($"{key}:BotPhone '{c.BotPhone}' is not in E.164 form (+ and 8 to 15 digits).");
            }

            if (!TimeZoneInfo.TryFindSystemTimeZoneById(c.TimeZone, out _))
            {
                errors.Add($"{key}:TimeZone '{c.TimeZone}' is not a known IANA time zone.");
            }

            if (c.Tier is < 1 or > 3)
            {
                errors.Add($"{key}:Tier must be 1, 2 or 3.");
            }

            if (c.RatePerSecond is < 1 or > 1000)
            {
                errors.Add($"{key}:RatePerSecond must be between 1 and 1000.");
            }

            if (c.Burst is < 1 or > 1000)
            {
                errors.Add($"{key}:Burst must be between 1 and 1000.");
            }

            if (string.IsNullOrWhiteSpace(c.Name))
            {
                errors.Add($"{key}:Name is empty.");
            }
        }

        if (o.Channels.GroupBy(c => c.BotPhone).Any(g => g.Count() > 1))
        {
            errors.Add("Bsp:Channels lists the same BotPhone twice.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static bool IsHttpUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttp || u.Scheme == Uri.UriSchemeHttps);
}
