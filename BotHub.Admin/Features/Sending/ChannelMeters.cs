using System.Collections.Concurrent;
using BotHub.Admin.Features.Provider;

namespace BotHub.Admin.Features.Sending;

/// <summary>
/// One channel worker's meters: the channel's (shared through <see cref="ChannelPacing"/>; its bucket counts the requests)
/// and one per broadcast, made at its first request and dropped once quiet: the rates and latency the progress pages show.
/// </summary>
public sealed class ChannelMeters(int channelId, ChannelPacing pacing, TimeProvider time)
{
    private readonly ChannelMeter _channel = pacing.MeterOf(channelId);
    private readonly ConcurrentDictionary<int, ChannelMeter> _broadcasts = new();

    /// <summary>A request of the broadcast goes out (the channel's bucket counted it for the channel).</summary>
    public void Requested(int broadcastId) => MeterOf(broadcastId).Request();

    /// <summary>The provider answered a request of the broadcast.</summary>
    public void Answered(int broadcastId, ProviderOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        _channel.Answered(outcome.Elapsed);
        MeterOf(broadcastId).Answered(outcome.Elapsed);
    }

    /// <summary>A message of the broadcast was accepted: its user is reached.</summary>
    public void Reached(int broadcastId)
    {
        _channel.Reached();
        MeterOf(broadcastId).Reached();
    }

    public (double RequestsPerSecond, double UsersPerSecond) Rates() => _channel.Rates();

    public TimeSpan? Latency() => _channel.Latency();

    /// <summary>Each broadcast's rates that are not quiet; null when none.</summary>
    public Dictionary<int, BroadcastRate>? BroadcastRates()
    {
        Dictionary<int, BroadcastRate>? rates = null;
        foreach (var (id, meter) in _broadcasts)
        {
            if (meter.Quiet())
            {
                _broadcasts.TryRemove(KeyValuePair.Create(id, meter));
                continue;
            }

            var (requests, users) = meter.Rates();
            (rates ??= [])[id] = new BroadcastRate(requests, users, meter.Latency());
        }

        return rates;
    }

    private ChannelMeter MeterOf(int broadcastId) => _broadcasts.GetOrAdd(broadcastId, _ => new ChannelMeter(time));
}
