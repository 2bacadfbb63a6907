using BotHub.Admin.Features.Clock;

namespace BotHub.Admin.Features.Tiers;

/// <summary>
/// The tier query's counts of closed days (days before a channel's yesterday, which no longer change), so a load
/// reads only the open days. Bounded however long the app runs: days older than the longest range plus a week are
/// dropped, so are channels no longer listed, and past <see cref="MaxCounts"/> counts kept (an empty day counts as one)
/// the oldest days go first. A dropped day is simply read again when asked for.
/// </summary>
public sealed class ClosedDays
{
    /// <summary>Days before the earliest channel's today that are still kept: the 90-day range and a week's margin.</summary>
    public static readonly int KeepDays = TierUsageQuery.Ranges[^1] + 7;

    private readonly Lock _gate = new();
    private readonly Dictionary<(int ChannelId, DateOnly Day), UnitCount[]> _days = [];
    private int _weight;

    /// <summary>About 4 MB of counts: 200 channels of 97 days with a few broadcasts each.</summary>
    public int MaxCounts { get; init; } = 100_000;

    /// <summary>The channel days kept now.</summary>
    public IReadOnlyList<(int ChannelId, DateOnly Day)> Keys
    {
        get
        {
            lock (_gate)
            {
                return [.. _days.Keys];
            }
        }
    }

    public bool TryGet(int channelId, DateOnly day, out UnitCount[] counts)
    {
        lock (_gate)
        {
            return _days.TryGetValue((channelId, day), out counts!);
        }
    }

    /// <summary>Keeps what was read, then drops days before <c>earliestToday</c> − KeepDays, unlisted channels, and past the cap.</summary>
    public void Keep(IEnumerable<(int ChannelId, DateOnly Day, UnitCount[] Counts)> read, DateOnly earliestToday, IReadOnlySet<int> listed)
    {
        var before = earliestToday.AddDays(-KeepDays);
        lock (_gate)
        {
            foreach (var (channelId, day, counts) in read)
            {
                if (day >= before && _days.TryAdd((channelId, day), counts))
                {
                    _weight += WeightOf(counts);
                }
            }

            foreach (var key in _days.Keys.Where(k => k.Day < before || !listed.Contains(k.ChannelId)).ToList())
            {
                Remove(key);
            }

            if (_weight > MaxCounts)
            {
                foreach (var key in _days.Keys.OrderBy(k => k.Day).ToList())
                {
                    Remove(key);
                    if (_weight <= MaxCounts)
                    {
                        break;
                    }
                }
            }
        }
    }

    private void Remove((int, DateOnly) key)
    {
        if (_days.Remove(key, out var counts))
        {
            _weight -= WeightOf(counts);
        }
    }

    private static int WeightOf(UnitCount[] counts) => Math.Max(1, counts.Length);
}
