namespace BotHub.Admin.Features.Channels;

/// <summary>A key's requests made by another feature (the engine's sends and checks): since a moment, how many and how many
/// failed, and the provider's code in its latest answer (null when it worked).</summary>
public sealed record KeyRequestCounts(int Requests, int Errors, DateTime? LatestAt, int? LatestCode)
{
    public static readonly KeyRequestCounts None = new(0, 0, null, null);
}

/// <summary>Told by the feature that makes requests with the channels' keys, for the keys page and the dashboard's health card.</summary>
public interface IKeyRequests
{
    /// <param name="counts">False: only the latest answers (the counts are 0 and their index entries are not walked).</param>
    Task<IReadOnlyDictionary<int, KeyRequestCounts>> OfKeysAsync(IReadOnlyCollection<int> keyIds, DateTime since, bool counts, CancellationToken ct);
}
