namespace BotHub.Admin.Features.Sending;

/// <summary>
/// When a transient failure is tried again: exponential backoff (first delay, doubling, capped) with "equal jitter"
/// (half the delay fixed, half random), so many deliveries failing together do not come back together.
/// </summary>
public static class RetrySchedule
{
    /// <param name="attempt">The attempt that just failed, from 1.</param>
    /// <param name="random">A number in [0, 1): the jitter.</param>
    public static TimeSpan Delay(int attempt, TimeSpan first, TimeSpan max, double random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        var exponential = first.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 30));
        var capped = Math.Min(exponential, max.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped / 2 + capped / 2 * Math.Clamp(random, 0, 1));
    }

    /// <summary>
    /// What follows a transient failure of a message that had <paramref name="attempts"/> counted before: the attempts
    /// counted now (this one only if <paramref name="counts"/>: the channel's other requests are answered), and when to try
    /// again, never after the broadcast's end; or null to fail it, when the counted attempts reach the limit.
    /// </summary>
    public static (int Attempts, DateTimeOffset? Next) AfterTransient(int attempts, bool counts, SendingOptions options, DateTimeOffset now,
        DateTime? expiresUtc, double random)
    {
        ArgumentNullException.ThrowIfNull(options);
        var counted = attempts + (counts ? 1 : 0);
        if (counted >= options.MaxAttempts)
        {
            return (counted, null);
        }

        var next = now + Delay(Math.Max(1, counted), options.FirstRetryDelay, options.MaxRetryDelay, random);
        return (counted, expiresUtc is { } end && next > new DateTimeOffset(end, TimeSpan.Zero) ? new DateTimeOffset(end, TimeSpan.Zero) : next);
    }
}
