namespace BotHub.Admin.Features.Tiers;

/// <summary>How the tiers page names a broadcast that spent units: its text's start, and whether it was a test. Told by the engine, which owns broadcasts.</summary>
public interface IBroadcastLabels
{
    Task<IReadOnlyDictionary<int, (string? Text, bool IsTest)>> OfAsync(IReadOnlyCollection<int> broadcastIds, CancellationToken ct);
}
