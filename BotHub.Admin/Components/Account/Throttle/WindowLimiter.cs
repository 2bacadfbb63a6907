using System.Threading.RateLimiting;

namespace BotHub.Admin.Components.Account.Throttle;

/// <summary>
/// A fixed-window limiter on <see cref="TimeProvider"/> (the runtime's own cannot take one: dotnet/runtime#106447), so
/// tests can drive its clock. It never queues: a request is let through or refused at once.
/// </summary>
/// <param name="name">What the window counts (e.g. an address), carried by a refusal's lease as <see cref="Partition"/>.</param>
public sealed class WindowLimiter(TimeProvider time, int permits, TimeSpan window, string name = "") : RateLimiter
{
    /// <summary>
    /// Lease metadata on a refusal: the window's <see cref="RefusalReport"/>, which says yes once per window (the refusal
    /// worth one line in the audit log). A flag on the lease would not do: ASP.NET Core's middleware asks a refusing
    /// limiter twice per request and keeps the second lease.
    /// </summary>
    public const string Report = "BotHub.RefusalReport";

    /// <summary>Lease metadata on a refusal: the limiter's name.</summary>
    public const string Partition = "BotHub.Partition";

    private readonly Lock _gate = new();
    private long _windowStart = time.GetTimestamp();
    private int _used;
    private long _refused;
    private RefusalReport _report = new();

    public override TimeSpan? IdleDuration
    {
        get
        {
            // Idle (and so free to be dropped by the partitioned limiter) only once its window is over: dropping it
            // earlier would hand a caller a fresh window.
            lock (_gate)
            {
                var elapsed = time.GetElapsedTime(_windowStart);
                return elapsed >= window ? elapsed - window : null;
            }
        }
    }

    public override RateLimiterStatistics? GetStatistics()
    {
        lock (_gate)
        {
            Roll();
            return new RateLimiterStatistics { CurrentAvailablePermits = permits - _used, TotalFailedLeases = _refused };
        }
    }

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        lock (_gate)
        {
            Roll();
            if (permitCount == 0)
            {
                return new Lease(_used < permits, null, null, name);
            }

            if (_used + permitCount <= permits)
            {
                _used += permitCount;
                return new Lease(true, null, null, name);
            }

            _refused++;
            var retryAfter = window - time.GetElapsedTime(_windowStart);
            return new Lease(false, retryAfter < TimeSpan.Zero ? TimeSpan.Zero : retryAfter, _report, name);
        }
    }

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
        ValueTask.FromResult(AttemptAcquireCore(permitCount));

    private void Roll()
    {
        if (time.GetElapsedTime(_windowStart) >= window)
        {
            _windowStart = time.GetTimestamp();
            _used = 0;
            _report = new RefusalReport();
        }
    }

    private sealed class Lease(bool acquired, TimeSpan? retryAfter, RefusalReport? report, string name) : RateLimitLease
    {
        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames =>
            retryAfter is null ? [] : [MetadataName.RetryAfter.Name, Report, Partition];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            if (retryAfter is { } after && metadataName == MetadataName.RetryAfter.Name)
            {
                metadata = after;
                return true;
            }

            if (report is not null && metadataName == Report)
            {
                metadata = report;
                return true;
            }

            if (retryAfter is not null && metadataName == Partition)
            {
                metadata = name;
                return true;
            }

            metadata = null;
            return false;
        }
    }
}

/// <summary>One per window of one limiter: <see cref="TryClaim"/> is true for the first caller only.</summary>
public sealed class RefusalReport
{
    private int _claimed;

    public bool TryClaim() => Interlocked.Exchange(ref _claimed, 1) == 0;
}
