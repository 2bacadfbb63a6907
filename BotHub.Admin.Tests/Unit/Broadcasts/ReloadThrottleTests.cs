using BotHub.Admin.Features.Broadcasts;
using Microsoft.Extensions.Time.Testing;

namespace BotHub.Admin.Tests.Unit.Broadcasts;

/// <summary>The list's live reloads: at most one per 250 ms on a clock the test drives, and the last change always shown.</summary>
public sealed class ReloadThrottleTests : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 3, 10, 6, 0, 0, TimeSpan.Zero));
    private readonly List<DateTimeOffset> _reloads = [];
    private readonly ReloadThrottle _throttle;

    public ReloadThrottleTests()
    {
        _throttle = new ReloadThrottle(Interval, _time, () =>
        {
            _reloads.Add(_time.GetUtcNow());
            return Task.CompletedTask;
        });
    }

    public void Dispose() => _throttle.Dispose();

    [Fact]
    public void HundredPokesInOneSecond_AtMostFiveReloads_AndTheLastPokeIsFollowedByOne()
    {
        var start = _time.GetUtcNow();
        DateTimeOffset lastPoke = default;
        for (var i = 0; i < 100; i++)
        {
            lastPoke = _time.GetUtcNow();
            _throttle.Poke();
            _time.Advance(TimeSpan.FromMilliseconds(10));
        }

        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.InRange(_reloads.Count, 4, 5);
        Assert.Equal(start, _reloads[0]); // the first poke at once
        Assert.True(_reloads[^1] >= lastPoke, $"last reload {_reloads[^1]:O} before the last poke {lastPoke:O}");
        Assert.All(_reloads.Zip(_reloads.Skip(1)), pair => Assert.True(pair.Second - pair.First >= Interval));
    }

    [Fact]
    public void PokesAtRandomMoments_NeverTwoReloadsWithin250Ms_AndNoPokeLeftUnshown()
    {
        var random = new Random(42);
        var pokes = new List<DateTimeOffset>();
        for (var i = 0; i < 300; i++)
        {
            pokes.Add(_time.GetUtcNow());
            _throttle.Poke();
            _time.Advance(TimeSpan.FromMilliseconds(random.Next(0, 120)));
        }

        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.All(_reloads.Zip(_reloads.Skip(1)), pair => Assert.True(pair.Second - pair.First >= Interval));
        Assert.All(pokes, poke => Assert.Contains(_reloads, r => r >= poke));
    }

    [Fact]
    public void OnePoke_ReloadsOnce_AndNothingMoreWhenTimePasses()
    {
        _throttle.Poke();
        _time.Advance(TimeSpan.FromSeconds(5));

        Assert.Single(_reloads);
    }

    [Fact]
    public void PokeAfterAQuietSpell_ReloadsAtOnce()
    {
        _throttle.Poke();
        _time.Advance(TimeSpan.FromSeconds(2));

        _throttle.Poke();

        Assert.Equal(2, _reloads.Count);
        Assert.Equal(_time.GetUtcNow(), _reloads[1]);
    }

    [Fact]
    public async Task PokeWhileAReloadRuns_WaitsForIt_ThenOneMoreReload()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = 0;
        var maxRunning = 0;
        var count = 0;
        using var throttle = new ReloadThrottle(Interval, _time, async () =>
        {
            maxRunning = Math.Max(maxRunning, Interlocked.Increment(ref running));
            count++;
            if (count == 1)
            {
                await gate.Task;
            }

            Interlocked.Decrement(ref running);
        });

        throttle.Poke();
        _time.Advance(TimeSpan.FromSeconds(1)); // the first reload is still running
        throttle.Poke();
        throttle.Poke();
        Assert.Equal(1, count);

        gate.SetResult();
        await WaitUntilAsync(() => count == 2);

        Assert.Equal(1, maxRunning);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(2, count);
    }

    [Fact]
    public void Disposed_PendingReloadIsDropped()
    {
        _throttle.Poke();
        _throttle.Poke();

        _throttle.Dispose();
        _time.Advance(TimeSpan.FromSeconds(1));
        _throttle.Poke();

        Assert.Single(_reloads);
    }

    [Fact]
    public void AFailingReload_IsReported_AndTheThrottleGoesOn()
    {
        var errors = new List<Exception>();
        var calls = 0;
        using var throttle = new ReloadThrottle(Interval, _time, () =>
        {
            calls++;
            return calls == 1 ? Task.FromException(new InvalidOperationException("database busy")) : Task.CompletedTask;
        }, errors.Add);

        throttle.Poke();
        _time.Advance(Interval);
        throttle.Poke();

        Assert.Equal(2, calls);
        Assert.Equal("database busy", Assert.Single(errors).Message);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(10, Xunit.TestContext.Current.CancellationToken);
        }

        Assert.True(condition());
    }
}
