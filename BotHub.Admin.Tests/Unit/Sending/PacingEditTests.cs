using BotHub.Admin.Features.Sending;
using Microsoft.Extensions.Time.Testing;

namespace BotHub.Admin.Tests.Unit.Sending;

/// <summary>
/// A channel's rate and burst edited in the middle of a send, on a driven clock: the worker's 16 sending slots read the
/// channel's settings at most once a second (so they keep the old ones for a second after the edit), a key Test reads
/// them fresh each time, and a test send goes through the worker. All take from the channel's one bucket.
/// </summary>
public sealed class PacingEditTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 3, 6, 0, 0, TimeSpan.Zero);
    private const int ChannelId = 7;
    private const int Slots = 16;
    private static readonly TimeSpan EditAt = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan WorkerReadsEvery = TimeSpan.FromSeconds(1);

    [Theory]
    [InlineData(20, 20, 10, 5, 1)]
    [InlineData(10, 5, 20, 20, 2)]
    [InlineData(20, 20, 20, 1, 3)]
    [InlineData(5, 1, 20, 20, 4)]
    public async Task RateAndBurstEditedMidSend_WithAKeyTestAndATestSend_NoSecondHoldsMoreThanTheHigherOfOldAndNew(
        int oldRate, int oldBurst, int newRate, int newBurst, int seed)
    {
        var time = new CountingTimeProvider(new FakeTimeProvider(Start));
        var pacing = new ChannelPacing(time);
        var grants = new List<(TimeSpan At, string Who)>();
        using var stop = new CancellationTokenSource();
        TimeSpan Now() => time.GetUtcNow() - Start;
        (int, int) Fresh() => Now() >= EditAt ? (newRate, newBurst) : (oldRate, oldBurst);

        // The worker's view of the settings: read again at most once a second, as its target is.
        var workerRead = TimeSpan.Zero;
        var workerSettings = (oldRate, oldBurst);
        (int, int) Worker()
        {
            lock (grants)
            {
                if (Now() - workerRead >= WorkerReadsEvery)
                {
                    (workerRead, workerSettings) = (Now(), Fresh());
                }

                return workerSettings;
            }
        }

        async Task TakeAsync(string who, (int Rate, int Burst) settings)
        {
            await pacing.BucketOf(ChannelId, settings.Rate, settings.Burst).TakeAsync(stop.Token);
            lock (grants)
            {
                grants.Add((Now(), who));
            }
        }

        var callers = Enumerable.Range(0, Slots).Select(_ => Task.Run(async () =>
        {
            while (true)
            {
                await TakeAsync("send", Worker());
            }
        })).ToList();
        callers.Add(Task.Run(async () =>
        {
            while (true)
            {
                await TakeAsync("key test", Fresh());
                await Task.Delay(TimeSpan.FromMilliseconds(300), time, stop.Token);
            }
        }, TestContext.Current.CancellationToken));
        callers.Add(Task.Run(async () =>
        {
            while (true)
            {
                await TakeAsync("test send", Worker());
                await Task.Delay(TimeSpan.FromMilliseconds(700), time, stop.Token);
            }
        }, TestContext.Current.CancellationToken));

        await time.ParkedAsync(callers.Count);
        var random = new Random(seed);
        var end = TimeSpan.FromSeconds(15);
        while (Now() < end)
        {
            time.Fake.Advance(TimeSpan.FromMilliseconds(random.Next(1, 11)));
            await time.ParkedAsync(callers.Count);
        }

        await stop.CancelAsync();
        foreach (var caller in callers)
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => caller);
        }

        var sorted = grants.OrderBy(g => g.At).ToList();
        var limit = Math.Max(oldRate + oldBurst, newRate + newBurst);
        var (busiest, from) = BusiestSecond(sorted.Select(g => g.At).ToList());
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{oldRate}/{oldBurst} → {newRate}/{newBurst} at 5 s: {sorted.Count} requests in 15 s ({sorted.Count(g => g.Who == "key test")} key tests, "
            + $"{sorted.Count(g => g.Who == "test send")} test sends); busiest second {busiest} from {from.TotalSeconds:0.000} s; limit {limit}");
        Assert.True(busiest <= limit, $"{busiest} requests in the second from {from.TotalSeconds:0.000} s; at most {limit} allowed");
        Assert.Contains(sorted, g => g.Who == "key test" && g.At > EditAt);
        Assert.Contains(sorted, g => g.Who == "test send" && g.At > EditAt);
        // The new settings govern once the worker has read them: the last 5 s run at the new rate.
        var lastFive = sorted.Count(g => g.At > end - TimeSpan.FromSeconds(5));
        Assert.True(lastFive >= newRate * 5 * 9 / 10 && lastFive <= newRate * 5 + 2, $"{lastFive} requests in the last 5 s at {newRate}/s");
    }

    /// <summary>The most grants in any closed window [t, t + 1 s] starting at a grant, and where it starts.</summary>
    private static (int Most, TimeSpan From) BusiestSecond(List<TimeSpan> sorted)
    {
        var (most, from, last) = (0, TimeSpan.Zero, 0);
        for (var first = 0; first < sorted.Count; first++)
        {
            while (last < sorted.Count && sorted[last] - sorted[first] <= TimeSpan.FromSeconds(1))
            {
                last++;
            }

            if (last - first > most)
            {
                (most, from) = (last - first, sorted[first]);
            }
        }

        return (most, from);
    }

    [Fact]
    public void AChannelStoredAbove20_InLiveMode_IsPacedAt20_SoNoSecondHoldsMoreThan40()
    {
        var time = new FakeTimeProvider(Start);
        var pacing = new ChannelPacing(time, maxRate: 20);
        var grants = new List<TimeSpan>();
        while (time.GetUtcNow() - Start < TimeSpan.FromSeconds(5))
        {
            var bucket = pacing.BucketOf(ChannelId, 100, 100);
            while (bucket.TryTake())
            {
                grants.Add(time.GetUtcNow() - Start);
            }

            time.Advance(TimeSpan.FromMilliseconds(5));
        }

        Assert.Equal((20, 20), (pacing.BucketOf(ChannelId, 100, 100).RatePerSecond, pacing.BucketOf(ChannelId, 100, 100).Burst));
        Assert.Equal(40, BusiestSecond(grants).Most);
    }
}
