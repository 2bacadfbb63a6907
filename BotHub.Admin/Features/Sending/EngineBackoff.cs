namespace BotHub.Admin.Features.Sending;

/// <summary>How long a failing round of the engine (or of a channel's worker) waits before the next: 1 s doubling to 1 min.</summary>
public static class EngineBackoff
{
    private static readonly TimeSpan First = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Max = TimeSpan.FromMinutes(1);

    /// <param name="failuresInRow">From 1.</param>
    public static TimeSpan Delay(int failuresInRow)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failuresInRow, 1);
        var seconds = First.TotalSeconds * Math.Pow(2, Math.Min(failuresInRow - 1, 16));
        return seconds >= Max.TotalSeconds ? Max : TimeSpan.FromSeconds(seconds);
    }
}
