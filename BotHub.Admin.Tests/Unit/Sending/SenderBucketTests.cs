using BotHub.Admin.Features.Sending;
using Microsoft.Extensions.Time.Testing;

namespace BotHub.Admin.Tests.Unit.Sending;

/// <summary>The sender's own pacing (spec, Limits 1, "what our sender does"), driven by many callers on a fake clock.</summary>
public sealed class SenderBucketTests
{
    private static readonly DateTimeOffset Start = new(2025, 3, 10, 6, 0, 0, TimeSpan.Zero);
    private const int Callers = 16;

    /// <summary>
    /// Runs <see cref="Callers"/> tasks taking tokens in a loop while the clock moves in random steps of 1–10 ms up to
    /// <paramref name="seconds"/>; returns the fake time of every grant, as offsets from the start.
    /// </summary>
    private static async Task<List<TimeSpan>> RunAsync(int rate, int burst, int seconds, int seed)
    {
        var time = new CountingTimeProvider(new FakeTimeProvider(Start));
        var bucket = new SenderBucket(rate, burst, time);
        var grants = new List<TimeSpan>();
        using var stop = new CancellationTokenSource();
        var callers = Enumerable.Range(0, Callers).Select(_ => Task.Run(async () =>
        {
            while (true)
            {
                await bucket.TakeAsync(stop.Token);
                lock (grants)
                {
                    grants.Add(time.GetUtcNow() - Start);
                }
            }
        })).ToList();

        await time.ParkedAsync(Callers);
        var random = new Random(seed);
        var end = TimeSpan.FromSeconds(seconds);
        while (time.GetUtcNow() - Start < end)
        {
            var step = TimeSpan.FromMilliseconds(random.Next(1, 11));
            var left = end - (time.GetUtcNow() - Start);
            time.Fake.Advance(step < left ? step : left);
            await time.ParkedAsync(Callers);
        }

        await stop.CancelAsync();
        foreach (var caller in callers)
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => caller);
        }

        lock (grants)
        {
            return [.. grants.Order()];
        }
    }

    /// <summary>The most grants in any closed window [t, t + 1 s] starting at a grant.</summary>
    private static int BusiestSecond(List<TimeSpan> sorted)
    {
        var most = 0;
        var last = 0;
        for (var first = 0; first < sorted.Count; first++)
        {
            while (last < sorted.Count && sorted[last] - sorted[first] <= TimeSpan.FromSeconds(1))
            {
                last++;
            }

            most = Math.Max(most, last - first);
        }

        return most;
    }

    [Theory]
    [InlineData(20, 20, 1)]
    [InlineData(100, 100, 2)]
    public async Task TakeAsync_ManyCallersFor60Seconds_BurstAtOnceThenPacedToRate(int rate, int burst, int seed)
    {
        var grants = await RunAsync(rate, burst, 60, seed);

        Assert.Equal(burst, grants.Count(g => g == TimeSpan.Zero));
        Assert.InRange(grants.Count, rate * 60 + burst - 1, rate * 60 + burst + 1);
        Assert.InRange(BusiestSecond(grants), rate, rate + burst);
        Assert.All(grants, g => Assert.InRange(g, TimeSpan.Zero, TimeSpan.FromSeconds(60)));
    }

    [Fact]
    public async Task TakeAsync_ManyCallers_NoSecondAfterTheFirstHoldsMoreThanTheRateAndOne()
    {
        var grants = await RunAsync(20, 20, 10, 3);

        // Once the burst is spent, every window of 1 s holds the refill of 1 s: 20, and one more at its closed end.
        var afterBurst = grants.Where(g => g > TimeSpan.Zero).ToList();
        Assert.InRange(BusiestSecond(afterBurst), 20, 21);
        // The tokens come one per 50 ms: no two grants after the burst are closer than the step it took the clock to pass 50 ms.
        var gaps = afterBurst.Zip(afterBurst.Skip(1), (a, b) => b - a).ToList();
        Assert.All(gaps, gap => Assert.True(gap >= TimeSpan.FromMilliseconds(41), $"gap {gap.TotalMilliseconds} ms"));
    }

    [Fact]
    public async Task TakeAsync_CancelledWhileWaiting_ThrowsAndTakesNoToken()
    {
        var time = new CountingTimeProvider(new FakeTimeProvider(Start));
        var bucket = new SenderBucket(20, 2, time);
        await bucket.TakeAsync(CancellationToken.None);
        await bucket.TakeAsync(CancellationToken.None);
        using var cancel = new CancellationTokenSource();

        var waiter = bucket.TakeAsync(cancel.Token).AsTask();
        await time.ParkedAsync(1);
        time.Fake.Advance(TimeSpan.FromMilliseconds(30));
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiter);
        Assert.Equal(0, time.LiveTimers);
        time.Fake.Advance(TimeSpan.FromMilliseconds(20));
        var refilled = bucket.TakeAsync(CancellationToken.None).AsTask();
        Assert.True(refilled.IsCompletedSuccessfully, "the token refilled at 50 ms is still there");
        var next = bucket.TakeAsync(CancellationToken.None).AsTask();
        Assert.False(next.IsCompleted, "only one token refilled");
        time.Fake.Advance(TimeSpan.FromMilliseconds(50));
        await next;
    }
}
