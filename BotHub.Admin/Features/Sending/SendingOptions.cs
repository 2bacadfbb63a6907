using System.ComponentModel.DataAnnotations;

namespace BotHub.Admin.Features.Sending;

/// <summary>Settings under "Sending": the engine's retries, concurrency and polling.</summary>
public sealed class SendingOptions
{
    public const string Section = "Sending";

    /// <summary>False: no broadcast is sent (a read-only replica, or tests of other features).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Attempts of one message before it fails with the last decoded error (the spec: bounded).</summary>
    [Range(1, 50)] public int MaxAttempts { get; set; } = 5;

    /// <summary>The first retry's delay; each next one doubles, with jitter, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Requests one channel may have in flight at once: enough to reach the rate at 300 ms latency, bounded.</summary>
    [Range(1, 512)] public int MaxInFlightPerChannel { get; set; } = 16;

    /// <summary>How often an idle engine looks for due work (new broadcasts also wake it at once).</summary>
    public TimeSpan IdlePoll { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a claim on a delivery holds before the engine gives the delivery back to the queue (renewed every third of
    /// it while the engine runs, and stretched by the request time-out while a request is out). A crash costs this much delay.
    /// </summary>
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Transient failures in a row (time-outs, refused connections, 80002, 5xx, 429) after which a channel holds.</summary>
    [Range(1, 1000)] public int HoldAfterFailures { get; set; } = 3;

    /// <summary>While a channel holds, one request probes the provider this often; an answer resumes sending.</summary>
    public TimeSpan ProbeEvery { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long stopping the app waits for requests in flight to finish and be recorded.</summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(15);
}
