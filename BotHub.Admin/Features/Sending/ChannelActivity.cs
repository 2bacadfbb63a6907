using System.Collections.Concurrent;

namespace BotHub.Admin.Features.Sending;

/// <summary>What one channel's worker is doing now: the rate achieved against its limit, requests in flight, and today's quota.</summary>
public sealed record ChannelActivity(int ChannelId, double RequestsPerSecond, double UsersPerSecond, int RateLimit, int InFlight,
    DateOnly QuotaDay, int QuotaUsed, int QuotaLimit, bool Paused, DateTimeOffset AtUtc);

/// <summary>
/// The latest <see cref="ChannelActivity"/> of every channel the engine works on, so a page that opens shows figures at
/// once; the engine replaces them about once a second and publishes each as an <see cref="EngineEventKind.Activity"/> event.
/// </summary>
public sealed class EngineActivity
{
    private readonly ConcurrentDictionary<int, ChannelActivity> _latest = new();

    public ChannelActivity? Of(int channelId) => _latest.TryGetValue(channelId, out var a) ? a : null;

    public IReadOnlyList<ChannelActivity> All() => [.. _latest.Values.OrderBy(a => a.ChannelId)];

    internal void Set(ChannelActivity activity) => _latest[activity.ChannelId] = activity;
}
