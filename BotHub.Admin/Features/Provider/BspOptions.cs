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

    /// <summary>
    /// In Live mode, lets a channel's rate and burst go above the provider's 20 (for an account whose provider raised
    /// its limit). Requests over the provider's limit are answered 429 and retried; a key that keeps exceeding it may be
    /// suspended.
    /// </summary>
    public bool AllowRateAboveProvider { get; set; }

    public List<ConfiguredChannel> Channels { get; set; } = [];
}

/// <summary>How high a channel's pacing (requests per second, and the bucket it may spend at once) may be set.</summary>
public static class PacingLimit
{
    /// <summary>
    /// The provider's 20 requests a second per channel. Rate and burst each at most 20, so no second holds more than 40,
    /// inside the provider's bucket of 40 (never 60 in one second).
    /// </summary>
    public const int Provider = 20;

    /// <summary>The bound in the sandbox, in benchmarks, or with Bsp:AllowRateAboveProvider.</summary>
    public const int Highest = 1000;

    /// <summary>The highest rate and burst these settings allow.</summary>
    public static int Max(BspOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return IsProviderLimit(options) ? Provider : Highest;
    }

    /// <summary>True when the provider's limit applies: Live mode, not raised by Bsp:AllowRateAboveProvider.</summary>
    public static bool IsProviderLimit(BspOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Mode == BspMode.Live && !options.AllowRateAboveProvider;
    }
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
        else if (o.Mode == BspMode.Live && !IsHttpsOrLoopback(o.BaseUrl!))
        {
            errors.Add($"Bsp:BaseUrl '{o.BaseUrl}' must start with https:// in Live mode: the API key travels with every request. "
                + "(http:// is allowed only for a loopback host, as tests use.)");
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

            Pacing(errors, $"{key}:RatePerSecond", c.RatePerSecond, o);
            Pacing(errors, $"{key}:Burst", c.Burst, o);

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

    private static void Pacing(List<string> errors, string key, int? value, BspOptions o)
    {
        if (value is < 1 or > PacingLimit.Highest)
        {
            errors.Add($"{key} must be between 1 and {PacingLimit.Highest}.");
        }
        else if (value > PacingLimit.Provider && PacingLimit.IsProviderLimit(o))
        {
            errors.Add($"{key} is {value}: at most {PacingLimit.Provider} in Live mode, the provider's limit per channel "
                + "(rate and burst each 20, so no second holds more than 40). Set Bsp:AllowRateAboveProvider only if your provider raised it.");
        }
    }

    private static bool IsHttpsOrLoopback(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttps || u.IsLoopback);

    private static bool IsHttpUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttp || u.Scheme == Uri.UriSchemeHttps);
}
