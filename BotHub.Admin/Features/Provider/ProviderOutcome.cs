namespace BotHub.Admin.Features.Provider;

/// <summary>The spec's outcomes of one request (DESIGN: "Outcomes are values").</summary>
public enum OutcomeKind
{
    Accepted,
    AlreadyProcessed,
    Transient,
    ChannelMisconfigured,
    Rejected,
}

public static class OutcomeKinds
{
    /// <summary>The outcomes of a request that worked (for counts of errors: every other kind is one).</summary>
    public static readonly OutcomeKind[] Worked = [OutcomeKind.Accepted, OutcomeKind.AlreadyProcessed];
}

/// <param name="Error">The decoded error; null when accepted.</param>
/// <param name="HttpStatus">The HTTP status, or null when no answer came (time-out, connection failure).</param>
public sealed record ProviderOutcome(OutcomeKind Kind, DecodedError? Error, int? HttpStatus, TimeSpan Elapsed)
{
    public bool IsSuccess => Kind is OutcomeKind.Accepted or OutcomeKind.AlreadyProcessed;
}

/// <summary>The pre-send check's answer: whether a push may go to the user, when the request itself succeeded.</summary>
public sealed record CheckOutcome(ProviderOutcome Outcome, bool CanPush, string? Reason);
