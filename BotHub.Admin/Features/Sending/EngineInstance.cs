namespace BotHub.Admin.Features.Sending;

/// <summary>
/// This running engine's name, written into every claim it makes (<c>Delivery.ClaimedBy</c> = name#number): new at each
/// start, so claims of an earlier run of the app are never mistaken for this run's, and go back only when their lease runs out.
/// </summary>
public sealed class EngineInstance
{
    private long _claims;

    public string Name { get; } = $"{Environment.MachineName[..Math.Min(24, Environment.MachineName.Length)]}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}";

    /// <summary>A claim name no other claim has had.</summary>
    public string NextClaim() => $"{Name}#{Interlocked.Increment(ref _claims)}";
}
