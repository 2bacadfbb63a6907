using System.Globalization;
using BotHub.Admin.Resources;
using Microsoft.Extensions.Localization;
using BotHub.Admin.Features.Sending;

namespace BotHub.Admin.Features.Broadcasts;

/// <summary>A broadcast's state and outcome in the reader's language: the chip's words and the parts it ended in.</summary>
public static class OutcomeText
{
    /// <summary>"Completed", "Completed with 15 failed", "Ended at midnight", "Cancelled", or the state while it runs.</summary>
    public static string Title(IStringLocalizer<Strings> l, BroadcastState state, BroadcastTally? tally, int keepDays)
    {
        ArgumentNullException.ThrowIfNull(l);
        return (tally is null ? BroadcastEnding.NotEnded : BroadcastOutcome.EndingOf(state, tally)) switch
        {
            BroadcastEnding.Completed => l["Ending.Completed"],
            BroadcastEnding.CompletedWithFailures => l["Ending.CompletedWithFailures", N(tally!.Failed)],
            BroadcastEnding.EndedUnreached => keepDays > 0 ? l["Ending.EndedAfterDays", keepDays] : l["Ending.EndedAtMidnight"],
            BroadcastEnding.Cancelled => l["Ending.Cancelled"],
            _ => l[$"BroadcastState.{state}"],
        };
    }

    /// <summary>The non-empty parts in a fixed order: "93 sent · 15 failed · 12 excluded · 3 not reached · 5 cancelled · 7 to go".</summary>
    public static IReadOnlyList<(string Key, int Count, string Text)> Parts(IStringLocalizer<Strings> l, BroadcastTally tally)
    {
        ArgumentNullException.ThrowIfNull(l);
        ArgumentNullException.ThrowIfNull(tally);
        (string Key, int Count)[] all =
        [
            ("sent", tally.Sent), ("failed", tally.Failed), ("excluded", tally.Excluded), ("not-reached", tally.NotReached),
            ("cancelled", tally.Cancelled), ("open", tally.Open),
        ];
        return all.Where(p => p.Count > 0).Select(p => (p.Key, p.Count, (string)l[$"Outcome.Part.{p.Key}", N(p.Count)])).ToList();
    }

    public static string Summary(IStringLocalizer<Strings> l, BroadcastTally tally) =>
        tally.Total == 0 ? l["Outcome.Nothing"] : string.Join(" · ", Parts(l, tally).Select(p => p.Text));

    private static string N(int n) => n.ToString("N0", CultureInfo.CurrentCulture);
}
