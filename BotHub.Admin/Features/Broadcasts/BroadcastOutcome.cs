using BotHub.Admin.Features.Sending;

namespace BotHub.Admin.Features.Broadcasts;

/// <summary>What became of a broadcast's deliveries, in the parts every page, export and audit entry shows.</summary>
/// <param name="Excluded">Left out before sending (opted out, no message today, invalid number...).</param>
/// <param name="NotReached">Still unsent when eligibility ended (the channel's midnight, or the days kept).</param>
/// <param name="Open">Not settled yet: queued, being checked or sent, or waiting for quota.</param>
public sealed record BroadcastTally(int Sent, int Failed, int Excluded, int NotReached, int Cancelled, int Open)
{
    public static readonly BroadcastTally Empty = new(0, 0, 0, 0, 0, 0);

    public int Total => Sent + Failed + Excluded + NotReached + Cancelled + Open;

    /// <param name="notReached">Of the excluded, those closed as "eligibility ended".</param>
    public static BroadcastTally From(IReadOnlyDictionary<DeliveryState, int> byState, int notReached)
    {
        ArgumentNullException.ThrowIfNull(byState);
        int Of(DeliveryState s) => byState.GetValueOrDefault(s);
        return new BroadcastTally(Of(DeliveryState.Sent), Of(DeliveryState.Failed), Of(DeliveryState.Excluded) - notReached, notReached,
            Of(DeliveryState.Cancelled),
            Of(DeliveryState.Queued) + Of(DeliveryState.Checking) + Of(DeliveryState.Sending) + Of(DeliveryState.WaitingForQuota));
    }

    /// <summary>A part's share of the whole, in percent (0 for an empty broadcast).</summary>
    public double Percent(int part) => Total == 0 ? 0 : 100.0 * part / Total;
}

/// <summary>How a broadcast ended, or that it has not: the one set of final states.</summary>
public enum BroadcastEnding
{
    /// <summary>Not over yet: its <see cref="BroadcastState"/> says where it stands.</summary>
    NotEnded,

    /// <summary>Everyone it was sent to got it (some may have been excluded before sending).</summary>
    Completed,

    CompletedWithFailures,

    /// <summary>Its unsent deliveries closed when eligibility ended (midnight, or the days kept).</summary>
    EndedUnreached,

    Cancelled,
}

public static class BroadcastOutcome
{
    private static string I(FormattableString s) => FormattableString.Invariant(s);

    public static BroadcastEnding EndingOf(BroadcastState state, BroadcastTally tally)
    {
        ArgumentNullException.ThrowIfNull(tally);
        return state switch
        {
            BroadcastState.Cancelled => BroadcastEnding.Cancelled,
            BroadcastState.Completed when tally.NotReached > 0 => BroadcastEnding.EndedUnreached,
            BroadcastState.Completed when tally.Failed > 0 => BroadcastEnding.CompletedWithFailures,
            BroadcastState.Completed => BroadcastEnding.Completed,
            _ => BroadcastEnding.NotEnded,
        };
    }

    /// <summary>The ending in English words, as the audit log and exports keep it, e.g. "Completed with 15 failed (93 sent)".</summary>
    public static string Describe(BroadcastEnding ending, BroadcastTally tally, int keepDays)
    {
        ArgumentNullException.ThrowIfNull(tally);
        var failed = tally.Failed > 0 ? I($", {tally.Failed:N0} failed") : "";
        var text = ending switch
        {
            BroadcastEnding.Completed => I($"Completed: all {tally.Sent:N0} sent"),
            BroadcastEnding.CompletedWithFailures => I($"Completed with {tally.Failed:N0} failed ({tally.Sent:N0} sent)"),
            BroadcastEnding.EndedUnreached => (keepDays > 0 ? I($"Ended after {keepDays} days kept") : "Ended at midnight")
                + I($" ({tally.Sent:N0} sent, {tally.NotReached:N0} not reached{failed})"),
            BroadcastEnding.Cancelled => I($"Cancelled ({tally.Sent:N0} sent, {tally.Cancelled:N0} cancelled{failed})"),
            _ => "Not ended",
        };
        return tally.Excluded > 0 ? I($"{text}; {tally.Excluded:N0} excluded before sending") : text;
    }

    /// <summary>The ending as the audit log keeps it: <see cref="Describe"/>'s words, in each reader's language.</summary>
    public static Audit.AuditText AuditOf(BroadcastEnding ending, BroadcastTally tally, int keepDays)
    {
        ArgumentNullException.ThrowIfNull(tally);
        var failed = tally.Failed > 0;
        var text = ending switch
        {
            BroadcastEnding.Completed => Audit.AuditText.Of("AuditDetail.Ending.Completed", tally.Sent),
            BroadcastEnding.CompletedWithFailures => Audit.AuditText.Of("AuditDetail.Ending.CompletedWithFailures", tally.Failed, tally.Sent),
            BroadcastEnding.EndedUnreached when keepDays > 0 => failed
                ? Audit.AuditText.Of("AuditDetail.Ending.AfterDays.Failed", keepDays, tally.Sent, tally.NotReached, tally.Failed)
                : Audit.AuditText.Of("AuditDetail.Ending.AfterDays", keepDays, tally.Sent, tally.NotReached),
            BroadcastEnding.EndedUnreached => failed
                ? Audit.AuditText.Of("AuditDetail.Ending.Midnight.Failed", tally.Sent, tally.NotReached, tally.Failed)
                : Audit.AuditText.Of("AuditDetail.Ending.Midnight", tally.Sent, tally.NotReached),
            BroadcastEnding.Cancelled => failed
                ? Audit.AuditText.Of("AuditDetail.Ending.Cancelled.Failed", tally.Sent, tally.Cancelled, tally.Failed)
                : Audit.AuditText.Of("AuditDetail.Ending.Cancelled", tally.Sent, tally.Cancelled),
            _ => Audit.AuditText.Of("AuditDetail.Ending.NotEnded"),
        };
        return tally.Excluded > 0 ? Audit.AuditText.Of("AuditDetail.Ending.Excluded", text, tally.Excluded) : text;
    }
}
