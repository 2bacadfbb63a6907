using System.Globalization;

namespace BotHub.Admin.Features.Provider.Sandbox;

/// <summary>
/// What the sandbox remembers about one channel: its bucket, the request ids it processed, who wrote to it, who was
/// notified per day, and its counters. Every member is used under <see cref="Gate"/>.
/// </summary>
/// <param name="acceptedKept">Accepted sends kept for <see cref="AcceptedSends"/> (the newest; the counters go on counting all).</param>
public sealed class ChannelState(TokenBucket bucket, SeenIds seenIds, int acceptedKept = SandboxOptions.DefaultAcceptedKept)
{
    private readonly Queue<SandboxAcceptedSend> _acceptedSends = new();
    private readonly Dictionary<string, (DateOnly Day, bool OptedOut)> _lastInbound = new(StringComparer.Ordinal);
    private readonly HashSet<string> _notifiedToday = new(StringComparer.Ordinal);
    private readonly SortedDictionary<DateOnly, int> _notifiedPerDay = [];
    private DateOnly _quotaDay;
    private long _currentSecond = long.MinValue;
    private int _inCurrentSecond;

    public Lock Gate { get; } = new();

    public long Requests { get; private set; }
    public int BusiestSecond { get; private set; }
    public long RateViolations { get; set; }
    public long Accepted { get; set; }
    public long Checks { get; set; }
    public long Refused { get; set; }
    public long Faults { get; set; }
    public long Inbound { get; private set; }

    /// <summary>Counts a request in its wall-clock second and takes a token; false when past the rate limit.</summary>
    public bool Admit(DateTimeOffset now, long timestamp)
    {
        Requests++;
        var second = now.ToUnixTimeSeconds();
        _inCurrentSecond = second == _currentSecond ? _inCurrentSecond + 1 : 1;
        _currentSecond = second;
        BusiestSecond = Math.Max(BusiestSecond, _inCurrentSecond);
        return bucket.TryTake(timestamp);
    }

    /// <summary>Whether the id was accepted or answered within the ids' keeping time (Bsp:Sandbox:IdsKeptFor).</summary>
    public bool WasSeen(string id, DateTimeOffset now) => seenIds.Contains(id, now);

    public void MarkSeen(string id, DateTimeOffset now) => seenIds.Add(id, now);

    /// <summary>Notes a send the provider accepted (the user got the message); past the number kept, the oldest is forgotten.</summary>
    public void RecordAccepted(SandboxAcceptedSend send)
    {
        _acceptedSends.Enqueue(send);
        while (_acceptedSends.Count > acceptedKept)
        {
            _acceptedSends.Dequeue();
        }
    }

    /// <summary>A copy of the accepted sends kept, in the order accepted.</summary>
    public IReadOnlyList<SandboxAcceptedSend> AcceptedSends() => [.. _acceptedSends];

    public void RecordInbound(string user, DateOnly day, bool optOut)
    {
        Inbound++;
        // The latest message of the day decides: STOP opts out, anything written after it opts back in.
        _lastInbound[user] = (day, optOut);
    }

    /// <summary>null when the user may be pushed today, else the reason (<c>no_message_today</c> or <c>opted_out</c>).</summary>
    public string? OptInProblem(string user, DateOnly today) =>
        !_lastInbound.TryGetValue(user, out var last) || last.Day != today ? SandboxReplies.NoMessageToday
        : last.OptedOut ? SandboxReplies.OptedOut
        : null;

    /// <summary>Whether a push to this user fits today's quota: a user already notified today costs nothing.</summary>
    public bool FitsQuota(string user, DateOnly today, int limit)
    {
        RollQuotaDay(today);
        return _notifiedToday.Contains(user) || _notifiedToday.Count < limit;
    }

    public void Notify(string user, DateOnly today)
    {
        RollQuotaDay(today);
        if (_notifiedToday.Add(user))
        {
            _notifiedPerDay[today] = _notifiedToday.Count;
        }
    }

    public SandboxChannelStats Snapshot(DateTimeOffset now) => new()
    {
        Requests = Requests,
        BusiestSecond = BusiestSecond,
        RateViolations = RateViolations,
        Accepted = Accepted,
        Checks = Checks,
        Refused = Refused,
        Faults = Faults,
        Inbound = Inbound,
        IdsKept = seenIds.CountAt(now),
        NotifiedPerDay = _notifiedPerDay.ToDictionary(d => d.Key.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), d => d.Value),
    };

    private void RollQuotaDay(DateOnly today)
    {
        if (today != _quotaDay)
        {
            _quotaDay = today;
            _notifiedToday.Clear();
        }
    }
}

/// <summary>One send the provider accepted: its message id, its recipient and when.</summary>
public sealed record SandboxAcceptedSend(string Id, string To, DateTimeOffset AtUtc);
