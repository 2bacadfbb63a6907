using System.Collections.Concurrent;

namespace BotHub.Admin.Features.Provider.Sandbox;

/// <summary>A channel as the provider knows it: its bot number, its enabled keys, its tier and the zone of its day.</summary>
public sealed record SandboxChannel(string BotPhone, IReadOnlyCollection<string> ApiKeys, int Tier, TimeZoneInfo Zone);

/// <summary>Where the sandbox learns which channels exist. The app implements it from its database.</summary>
public interface ISandboxChannels
{
    ValueTask<SandboxChannel?> FindAsync(string botPhone, CancellationToken ct);
}

/// <summary>Channels held in memory, changeable at any time: for tests and for running the sandbox on its own.</summary>
public sealed class StaticSandboxChannels : ISandboxChannels
{
    private readonly ConcurrentDictionary<string, SandboxChannel> _channels = new(StringComparer.Ordinal);

    public StaticSandboxChannels(params IEnumerable<SandboxChannel> channels)
    {
        foreach (var channel in channels)
        {
            Set(channel);
        }
    }

    public IReadOnlyCollection<SandboxChannel> All => [.. _channels.Values];

    /// <summary>Adds the channel, or replaces the one with the same bot number.</summary>
    public void Set(SandboxChannel channel)
    {
        ArgumentNullException.ThrowIfNull(channel);
        _channels[channel.BotPhone] = channel;
    }

    public bool Remove(string botPhone) => _channels.TryRemove(botPhone, out _);

    public ValueTask<SandboxChannel?> FindAsync(string botPhone, CancellationToken ct) =>
        ValueTask.FromResult(_channels.GetValueOrDefault(botPhone));
}
