using System.Globalization;
using BotHub.Admin.Features.Provider;
using BotHub.Admin.Features.Sending;
using Microsoft.Extensions.Time.Testing;

namespace BotHub.Admin.Tests.Unit.Sending;

/// <summary>
/// A 5-minute outage in the middle of a send, on a driven clock: the engine's own rules (the channel's
/// <see cref="ChannelHold"/>, <see cref="RetrySchedule.AfterTransient"/> with the default settings, the channel's
/// <see cref="SenderBucket"/>) decide every request of 400 deliveries, as the channel worker does, against a provider
/// that refuses every request from 10 s to 310 s. (The real app against a provider in another process, for 45 s, is
/// OutageTests.)
/// </summary>
public sealed class OutageOnADrivenClockTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 3, 8, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Down = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Up = TimeSpan.FromSeconds(310);
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(10);
    private static readonly DecodedError Refused = DecodedError.Of(80002, message: "ConnectionError: Connection refused");

    private sealed class Message
    {
        public int Attempts { get; set; }
        public DateTimeOffset Next { get; set; } = Start;
        public int Accepted { get; set; }
        public bool Failed { get; set; }
        public bool Done => Accepted > 0 || Failed;
    }

    [Fact]
    public void FiveMinuteOutage_MidSend_NoMessageFails_EveryOneSentOnce_AndOnlyAProbeEveryFiveSeconds()
    {
        var time = new FakeTimeProvider(Start);
        var options = new SendingOptions();
        var hold = new ChannelHold(options.HoldAfterFailures, options.ProbeEvery, time);
        var bucket = new SenderBucket(20, 20, time);
        var random = new Random(16);
        var messages = Enumerable.Range(0, 400).Select(_ => new Message()).ToList();
        var duringOutage = new List<TimeSpan>();
        TimeSpan? firstAfter = null;

        TimeSpan Now() => time.GetUtcNow() - Start;
        void Request(Message m)
        {
            var at = Now();
            if (at >= Down && at < Up)
            {
                duringOutage.Add(at - Down);
                hold.Missed(Refused);
                var (attempts, next) = RetrySchedule.AfterTransient(m.Attempts, hold.CountsAgainst(), options, time.GetUtcNow(), null, random.NextDouble());
                (m.Attempts, m.Failed, m.Next) = (attempts, next is null, next ?? m.Next);
                return;
            }

            hold.Answered();
            m.Accepted++;
            firstAfter ??= at >= Up ? at - Up : null;
        }

        while (messages.Any(m => !m.Done) && Now() < TimeSpan.FromMinutes(20))
        {
            var due = messages.Where(m => !m.Done && m.Next <= time.GetUtcNow()).ToList();
            if (hold.Held)
            {
                if (hold.ProbeDue() && due.Count > 0)
                {
                    hold.ProbeStarted();
                    Request(due[0]);
                    hold.ProbeEnded();
                }
            }
            else
            {
                foreach (var m in due.TakeWhile(_ => !hold.Held && bucket.TryTake()))
                {
                    Request(m);
                }
            }

            time.Advance(Step);
        }

        var probesAfterHold = duringOutage.Skip(options.HoldAfterFailures).ToList();
        var busiestFive = probesAfterHold.Select(t => probesAfterHold.Count(u => u >= t && u < t + TimeSpan.FromSeconds(5))).DefaultIfEmpty().Max();
        TestContext.Current.TestOutputHelper?.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"5-minute outage from 10 s: {duringOutage.Count} requests while the provider was away (the first {options.HoldAfterFailures} before the hold, "
            + $"then one every {options.ProbeEvery.TotalSeconds:0} s: {string.Join(" ", duringOutage.Take(8).Select(t => $"+{t.TotalSeconds:0.00}s"))} …); "
            + $"busiest 5 s after the hold {busiestFive}; first send {firstAfter?.TotalSeconds:0.00} s after it came back; "
            + $"{messages.Count(m => m.Accepted == 1)} sent once, {messages.Count(m => m.Failed)} failed, most attempts counted {messages.Max(m => m.Attempts)}, "
            + $"all done {Now().TotalSeconds:0} s after the start"));

        Assert.Equal(0, messages.Count(m => m.Failed));
        Assert.All(messages, m => Assert.Equal(1, m.Accepted));
        Assert.Equal(1, busiestFive);
        Assert.InRange(duringOutage.Count, options.HoldAfterFailures + 55, options.HoldAfterFailures + 61);
        Assert.NotNull(firstAfter);
        Assert.True(firstAfter <= options.ProbeEvery, $"sending resumed {firstAfter} after the provider came back");
    }
}
