namespace BotHub.Admin.Features.Provider.Sandbox;

/// <summary>
/// The request ids one channel accepted or answered, for the 10011 refusal of a repeat. Each id is forgotten once
/// <c>keepFor</c> has passed since it was recorded, and beyond <c>capacity</c> ids the oldest goes first, so a sandbox
/// left running for months at full rate holds a bounded set (at 20/s, 48 h is 3.5 million ids). Not thread-safe: the
/// channel's gate guards it.
/// </summary>
public sealed class SeenIds(TimeSpan keepFor, int capacity)
{
    private readonly Dictionary<string, DateTimeOffset> _ids = new(StringComparer.Ordinal);

    // Recording order, which is age order: forgetting looks only at the front.
    private readonly Queue<(string Id, DateTimeOffset At)> _order = new();

    /// <summary>How many ids are remembered at this time.</summary>
    public int CountAt(DateTimeOffset now)
    {
        Forget(now);
        return _ids.Count;
    }

    public bool Contains(string id, DateTimeOffset now)
    {
        Forget(now);
        return _ids.ContainsKey(id);
    }

    public void Add(string id, DateTimeOffset now)
    {
        Forget(now);
        if (!_ids.TryAdd(id, now))
        {
            return;
        }

        _order.Enqueue((id, now));
        while (_ids.Count > capacity)
        {
            _ids.Remove(_order.Dequeue().Id);
        }
    }

    private void Forget(DateTimeOffset now)
    {
        while (_order.TryPeek(out var oldest) && now - oldest.At >= keepFor)
        {
            _order.Dequeue();
            _ids.Remove(oldest.Id);
        }
    }
}
