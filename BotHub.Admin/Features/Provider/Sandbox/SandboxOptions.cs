using System.ComponentModel.DataAnnotations;

namespace BotHub.Admin.Features.Provider.Sandbox;

/// <summary>The sandbox provider's settings (section <c>Bsp:Sandbox</c>).</summary>
public sealed class SandboxOptions
{
    public const string Section = "Bsp:Sandbox";

    /// <summary>The loopback port it listens on; 0 takes any free port (tests), read back from <see cref="SandboxServer.BaseUrl"/>.</summary>
    [Range(0, 65535, ErrorMessage = "Bsp:Sandbox:Port must be between 0 and 65535.")]
    public int Port { get; set; } = 5180;

    /// <summary>Tokens per second of each channel's bucket: the provider's steady rate (spec, Limits 1).</summary>
    // The upper bound keeps the bucket's integer arithmetic far from overflow (see TokenBucket).
    [Range(1, 1_000_000, ErrorMessage = "Bsp:Sandbox:BucketRate must be between 1 and 1000000.")]
    public int BucketRate { get; set; } = 20;

    /// <summary>Tokens the bucket holds: with 20/s, any window of T ≥ 1 s holds at most 40 + 20·T requests.</summary>
    [Range(1, 1_000_000, ErrorMessage = "Bsp:Sandbox:BucketSize must be between 1 and 1000000.")]
    public int BucketSize { get; set; } = 40;

    /// <summary>How long a channel remembers an accepted id, to refuse its repeat with 10011; then it is forgotten.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "365.00:00:00", ErrorMessage = "Bsp:Sandbox:IdsKeptFor must be between 1 second and 365 days.")]
    public TimeSpan IdsKeptFor { get; set; } = TimeSpan.FromHours(48);

    /// <summary>Ids a channel remembers at most; past it the oldest is forgotten first (about 7 hours at 20/s).</summary>
    [Range(1, 100_000_000, ErrorMessage = "Bsp:Sandbox:MaxIdsPerChannel must be between 1 and 100000000.")]
    public int MaxIdsPerChannel { get; set; } = 500_000;

    public const int DefaultAcceptedKept = 100_000;

    /// <summary>Accepted sends a channel keeps as the provider's record (what tests read); past it the oldest go first.</summary>
    [Range(1, 100_000_000, ErrorMessage = "Bsp:Sandbox:AcceptedKept must be between 1 and 100000000.")]
    public int AcceptedKept { get; set; } = DefaultAcceptedKept;

    /// <summary>
    /// The token the controls that change state want in X-Sandbox-Token (tests, scripts); empty makes a new one each run,
    /// shown in the log at start.
    /// </summary>
    public string? ControlToken { get; set; }

    /// <summary>Distinct users notified per day for tiers 1, 2, 3. Null means the spec's 1,000 / 10,000 / 100,000.</summary>
    // Nullable rather than initialised: the configuration binder appends to an initialised array instead of replacing it.
    public int[]? TierLimits { get; set; }

    public static IReadOnlyList<int> DefaultTierLimits { get; } = [1_000, 10_000, 100_000];

    /// <summary>The daily limit of a tier; a tier outside the list takes the nearest one.</summary>
    public int LimitFor(int tier)
    {
        IReadOnlyList<int> limits = TierLimits is { Length: > 0 } set ? set : DefaultTierLimits;
        return limits[Math.Clamp(tier, 1, limits.Count) - 1];
    }

    /// <summary>Checks across fields that annotations cannot express.</summary>
    public bool HasValidTierLimits() => TierLimits is null || (TierLimits.Length > 0 && TierLimits.All(l => l > 0));
}
