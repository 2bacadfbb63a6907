using BotHub.Admin.Features.Provider;

namespace BotHub.Admin.Features.Sending;

/// <summary>
/// Tells "the provider is away" from "this message is wrong" for one channel (a circuit breaker the engine owns). After
/// <c>holdAfter</c> transient failures in a row the channel holds: it takes no new work, and one request (a probe, a real
/// delivery's) goes out every <c>probeEvery</c>; any answer from the provider ends the hold. A transient failure counts
/// against its delivery only while the channel does not hold and its other requests were answered within the last
/// <see cref="AnsweredWithin"/>: the provider is there, so this message is the one in trouble.
/// </summary>
public sealed class ChannelHold(int holdAfter, TimeSpan probeEvery, TimeProvider time)
{
    /// <summary>How recent another answer must be for a transient failure to count against its message.</summary>
    public static readonly TimeSpan AnsweredWithin = TimeSpan.FromSeconds(10);

    private readonly Lock _gate = new();
    private int _failuresInRow;
    private long _lastAnswer;
    private long _nextProbe;
    private bool _probeOut;

    /// <summary>Since when the channel holds; null while it sends normally.</summary>
    public DateTimeOffset? HeldSince { get; private set; }

    /// <summary>The last transient failure, shown while the channel holds.</summary>
    public DecodedError? LastError { get; private set; }

    public bool Held => HeldSince is not null;

    /// <summary>The provider answered (accepted, refused or anything but a transient failure): the channel sends normally.</summary>
    public void Answered()
    {
        lock (_gate)
        {
            _failuresInRow = 0;
            _lastAnswer = time.GetTimestamp();
            HeldSince = null;
            LastError = null;
        }
    }

    /// <summary>A request failed transiently (no answer, 80002, 5xx, 429, the provider's internal errors).</summary>
    public void Missed(DecodedError error)
    {
        lock (_gate)
        {
            LastError = error;
            if (++_failuresInRow >= holdAfter && HeldSince is null)
            {
                HeldSince = time.GetUtcNow();
                _nextProbe = time.GetTimestamp() + Ticks(probeEvery);
            }
        }
    }

    /// <summary>Whether a transient failure just recorded (<see cref="Missed"/>) counts against its delivery.</summary>
    public bool CountsAgainst()
    {
        lock (_gate)
        {
            return !Held && _lastAnswer != 0 && time.GetTimestamp() - _lastAnswer <= Ticks(AnsweredWithin);
        }
    }

    /// <summary>While holding: whether a probe may go out now (none out, and its time has come).</summary>
    public bool ProbeDue()
    {
        lock (_gate)
        {
            return Held && !_probeOut && time.GetTimestamp() >= _nextProbe;
        }
    }

    /// <summary>A probe goes out now; the next one no sooner than <c>probeEvery</c> from now.</summary>
    public void ProbeStarted()
    {
        lock (_gate)
        {
            _probeOut = true;
            _nextProbe = time.GetTimestamp() + Ticks(probeEvery);
        }
    }

    public void ProbeEnded()
    {
        lock (_gate)
        {
            _probeOut = false;
        }
    }

    /// <summary>How long until the next probe may go (zero when it may now or the channel does not hold).</summary>
    public TimeSpan UntilProbe()
    {
        lock (_gate)
        {
            var left = _nextProbe - time.GetTimestamp();
            return !Held || left <= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(left / (double)time.TimestampFrequency);
        }
    }

    private long Ticks(TimeSpan span) => (long)(span.TotalSeconds * time.TimestampFrequency);
}
