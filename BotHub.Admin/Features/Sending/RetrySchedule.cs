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
}
