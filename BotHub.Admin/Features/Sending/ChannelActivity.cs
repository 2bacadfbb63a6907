using System.Collections.Concurrent;

namespace BotHub.Admin.Features.Sending;

/// <summary>
/// What one channel's worker is doing now: the rate achieved against its limit, requests in flight, and today's quota.
/// <paramref name="ByBroadcast"/> splits the rate among the broadcasts that made requests in the last seconds (null when
/// none did), so two broadcasts sending on one channel each show their own share. <paramref name="HeldSince"/>: the provider
/// has not answered the channel's requests since then (<see cref="ChannelHold"/>); the engine retries with a probe.
/// <paramref name="Latency"/>: how long the provider took to answer the channel's requests in the last seconds (null: none answered).
/// </summary>
public sealed record ChannelActivity(int ChannelId, double RequestsPerSecond, double UsersPerSecond, int RateLimit, int InFlight,
    DateOnly QuotaDay, int QuotaUsed, int QuotaLimit, bool Paused, DateTimeOffset AtUtc,
    IReadOnlyDictionary<int, BroadcastRate>? ByBroadcast = null, DateTimeOffset? HeldSince = null, Provider.DecodedError? HeldError = null,
    TimeSpan? Latency = null)
{
    /// <summary>One broadcast's requests/s and users/s (0 when it made no request in the last seconds).</summary>
    public BroadcastRate RateOf(int broadcastId) => ByBroadcast?.GetValueOrDefault(broadcastId) ?? new BroadcastRate(0, 0);
}

/// <param name="Latency">How long the provider took to answer this broadcast's requests in the last seconds; null: none answered.</param>
public sealed record BroadcastRate(double RequestsPerSecond, double UsersPerSecond, TimeSpan? Latency = null);

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
