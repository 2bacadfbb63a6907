namespace BotHub.Admin.Features.Provider.Sandbox;

/// <summary>How a request is spoiled, if it is.</summary>
public enum SandboxFaultKind
{
    None,

    /// <summary>Answered with an injected error code; nothing is recorded.</summary>
    Error,

    /// <summary>Hangs until the client gives up; nothing is recorded.</summary>
    TimeOut,

    /// <summary>Connection closed with no answer; nothing is recorded.</summary>
    Drop,

    /// <summary>Recorded as accepted, then the connection is closed with no answer: a retry meets 10011.</summary>
    AnswerLost,
}

public readonly record struct SandboxFault(SandboxFaultKind Kind, int ErrorCode = 0)
{
    public static SandboxFault None => default;
}

/// <summary>
/// The fault settings, changeable while the sandbox runs, and the dice. The random source is injected so a
/// seeded one makes a test deterministic; it is used under a lock because <see cref="Random"/> is not thread-safe.
/// </summary>
public sealed class SandboxFaults(Random random)
{
    private readonly Lock _gate = new();
    private SandboxFaultSettings _settings = new();

    public SandboxFaults()
        : this(new Random())
    {
    }

    public SandboxFaultSettings Settings
    {
        get => Volatile.Read(ref _settings);
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            if (value.Problem() is { } problem)
            {
                throw new ArgumentException(problem, nameof(value));
            }

            // A copy, so a caller changing its dictionary afterwards cannot change the running settings.
            Volatile.Write(ref _settings, value with
            {
                ErrorRates = new Dictionary<int, double>(value.ErrorRates),
                ErrorsTo = new Dictionary<string, int>(value.ErrorsTo, StringComparer.Ordinal),
            });
        }
    }

    /// <summary>Whether a request that would have succeeded is spoiled, and how.</summary>
    /// <param name="to">The request's recipient: one named in <see cref="SandboxFaultSettings.ErrorsTo"/> always gets its error.</param>
    public SandboxFault Roll(string? to = null)
    {
        var s = Settings;
        if (to is not null && s.ErrorsTo.TryGetValue(to, out var always))
        {
            return new(SandboxFaultKind.Error, always);
        }

        if (s.TotalRate <= 0)
        {
            return SandboxFault.None;
        }

        double draw;
        lock (_gate)
        {
            draw = random.NextDouble();
        }

        // One draw walks the rates in a fixed order (codes ascending, then time-out, drop, lost answer).
        foreach (var (code, rate) in s.ErrorRates.OrderBy(e => e.Key))
        {
            if ((draw -= rate) < 0)
            {
                return new(SandboxFaultKind.Error, code);
            }
        }

        return (draw -= s.TimeoutRate) < 0 ? new(SandboxFaultKind.TimeOut)
            : (draw -= s.DropRate) < 0 ? new(SandboxFaultKind.Drop)
            : draw - s.AnswerLostRate < 0 ? new(SandboxFaultKind.AnswerLost)
            : SandboxFault.None;
    }

    /// <summary>The latency to add before an answer: evenly within mean ± spread, never negative.</summary>
    public TimeSpan NextLatency()
    {
        var s = Settings;
        if (s.LatencyMeanMs <= 0 && s.LatencySpreadMs <= 0)
        {
            return TimeSpan.Zero;
        }

        double unit;
        lock (_gate)
        {
            unit = random.NextDouble() * 2 - 1;
        }

        return TimeSpan.FromMilliseconds(Math.Max(0, s.LatencyMeanMs + unit * s.LatencySpreadMs));
    }
}
