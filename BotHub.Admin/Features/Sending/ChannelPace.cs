using BotHub.Admin.Features.Channels;
using BotHub.Admin.Features.Provider;
using Microsoft.Extensions.Options;

namespace BotHub.Admin.Features.Sending;

/// <summary>
/// One channel worker's pacing: the channel's one bucket (shared through <see cref="ChannelPacing"/> with the keys page's
/// key test), so every request, check or send, takes a token first; and the channel's hold after transient failures
/// in a row, when only a probe goes out now and then (<see cref="ChannelHold"/>).
/// </summary>
public sealed class ChannelPace(int channelId, ChannelPacing pacing, IOptions<SendingOptions> options, TimeProvider time)
{
    private readonly ChannelHold _hold = new(options.Value.HoldAfterFailures, options.Value.ProbeEvery, time);

    /// <summary>The channel's bucket; null until the channel's settings were first read.</summary>
    public SenderBucket? Bucket { get; private set; }

    public bool Held => _hold.Held;

    public DateTimeOffset? HeldSince => _hold.HeldSince;

    public DecodedError? LastError => _hold.LastError;

    /// <summary>The channel's rate and burst, just read from its settings, set on its one bucket in place.</summary>
    public SenderBucket Use(SendingChannel channel)
    {
        ArgumentNullException.ThrowIfNull(channel);
        return Bucket = pacing.BucketOf(channelId, channel.RatePerSecond, channel.Burst);
    }

    /// <summary>While the channel holds: whether a probe may go out now.</summary>
    public bool ProbeDue() => _hold.ProbeDue();

    public void ProbeStarted() => _hold.ProbeStarted();

    public void ProbeEnded() => _hold.ProbeEnded();

    /// <summary>How long an idle worker waits before it looks again: until the next probe while held, else <paramref name="idle"/>.</summary>
    public TimeSpan IdleWait(TimeSpan idle) => _hold.Held ? _hold.UntilProbe() + TimeSpan.FromMilliseconds(10) : idle;

    /// <summary>
    /// Waits for the channel's token and takes it; none is taken while the channel holds, unless this is its probe.
    /// </summary>
    /// <returns>Whether the request may go (the channel may have begun to hold while it waited).</returns>
    public async Task<bool> TakeAsync(bool probe, CancellationToken ct)
    {
        if (_hold.Held && !probe)
        {
            return false;
        }

        await (Bucket ?? throw new InvalidOperationException("The channel's settings were not read yet.")).TakeAsync(ct);
        return !_hold.Held || probe;
    }

    /// <summary>
    /// The provider's answer feeds the hold: any answer but a transient failure shows it is there (the provider's own
    /// daily quota refusal, 80001/1, is an answer too).
    /// </summary>
    public void Heard(ProviderOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (outcome.Kind == OutcomeKind.Transient && outcome.Error is { Code: not 80001 } or { Code: 80001, Subcode: not 1 })
        {
            _hold.Missed(outcome.Error!);
        }
        else
        {
            _hold.Answered();
        }
    }

    /// <summary>Whether a transient failure just heard counts against its delivery (see <see cref="ChannelHold.CountsAgainst"/>).</summary>
    public bool CountsAgainst() => _hold.CountsAgainst();
}
