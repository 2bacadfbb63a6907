using System.Globalization;

namespace BotHub.Admin.Features.Provider.Sandbox;

/// <summary>The outcome of a user writing to a channel: the message to hand on, or why it was refused.</summary>
public sealed record SandboxInboundOutcome(SandboxInbound? Message, SandboxAnswer? Refusal);

public sealed partial class SandboxProvider
{
    // The spec's opt-out words (Inbound messages): any case, surrounding spaces ignored.
    private static readonly string[] OptOutWords = ["STOP", "UNSUBSCRIBE", "退订"];

    /// <summary>
    /// Records that <paramref name="from"/> wrote to the channel now (so it may be pushed today, in the channel's zone),
    /// or that it opted out when the text is an opt-out word.
    /// </summary>
    public async ValueTask<SandboxInboundOutcome> RecordInboundAsync(string? bot, string? from, string? name, string? text, CancellationToken ct)
    {
        var channel = string.IsNullOrWhiteSpace(bot) ? null : await channels.FindAsync(bot, ct);
        if (channel is null)
        {
            return new(null, Error(404, 10006, "bot does not exist or has been deleted"));
        }

        if (from is null || !MessageRules.IsE164(from))
        {
            return new(null, Error(400, 10100, "from: not a phone number in E.164 form (+ and 8 to 15 digits)"));
        }

        text ??= "";
        var optOut = OptOutWords.Any(w => string.Equals(text.Trim(), w, StringComparison.OrdinalIgnoreCase));
        var state = StateOf(channel.BotPhone);
        lock (state.Gate)
        {
            state.RecordInbound(from, DayOf(channel), optOut);
        }

        var id = "sbx-in-" + Interlocked.Increment(ref _lastInboundId).ToString(CultureInfo.InvariantCulture);
        return new(new SandboxInbound(channel.BotPhone, id, from, name, text, time.GetUtcNow()), null);
    }
}
