using BotHub.Admin.Features.Broadcasts.Live;
using Microsoft.Extensions.Time.Testing;

namespace BotHub.Admin.Tests.Unit.Broadcasts;

/// <summary>
/// The live page's throttle on a driven clock: a fake timer's callback runs inside <see cref="FakeTimeProvider.Advance"/>,
/// so every count below is exact, with no real waiting.
/// </summary>
public sealed class LiveRefreshTests : IDisposable
{
    private static readonly TimeSpan Interval = LiveRefresh.DefaultInterval;

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 3, 10, 6, 0, 0, TimeSpan.Zero));
    private readonly List<TimeSpan> _runs = [];
    private readonly List<Exception> _failures = [];
    private readonly DateTimeOffset _start;
    private readonly LiveRefresh _live;
    private Func<Task> _body = () => Task.CompletedTask;

    public LiveRefreshTests()
    {
        _start = _time.GetUtcNow();
        _live = new LiveRefresh(_time, () =>
        {
            _runs.Add(_time.GetUtcNow() - _start);
            return _body();
        }, _failures.Add);
    }

    public void Dispose() => _live.Dispose();

    private static TimeSpan Ms(int ms) => TimeSpan.FromMilliseconds(ms);

    [Fact]
    public void FirstPoke_RefreshesAtOnce()
    {
        _live.Poke();

        Assert.Equal([TimeSpan.Zero], _runs);
        Assert.Equal(1, _live.Refreshes);
    }

    [Fact]
    public void FirstPokeAfterAQuietSpell_RefreshesAtOnce()
    {
        _live.Poke();
        _time.Advance(TimeSpan.FromSeconds(5));

        _live.Poke();

        Assert.Equal([TimeSpan.Zero, TimeSpan.FromSeconds(5)], _runs);
    }

    [Fact]
    public void HundredPokesInOneSecond_GiveAtMostFiveRefreshes_TheLastAfterTheLastPoke()
    {
        for (var i = 0; i < 100; i++)
        {
            _live.Poke();
            _time.Advance(Ms(10));
        }

        Assert.InRange(_runs.Count, 4, 5);
        Assert.Equal([Ms(0), Ms(250), Ms(500), Ms(750)], _runs.Take(4));

        // The pokes after the fourth refresh (at 760 to 990 ms) are folded into one more, an interval after it.
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal([Ms(0), Ms(250), Ms(500), Ms(750), Ms(1000)], _runs);
        Assert.True(_runs[^1] > Ms(990), "the last poke (at 990 ms) came after every refresh but the last");
    }

    [Fact]
    public void PokeDuringARefresh_IsFollowedByAnotherAfterTheInterval()
    {
        var first = new TaskCompletionSource();
        _body = () => first.Task;
        _live.Poke();
        Assert.Single(_runs);

        // A change lands while the refresh reads: it may have read before the change, so one more must follow.
        _time.Advance(Ms(50));
        _live.Poke();
        _body = () => Task.CompletedTask;
        first.SetResult();
        Assert.Single(_runs);

        _time.Advance(Ms(199));
        Assert.Single(_runs);
        _time.Advance(Ms(1));
        Assert.Equal([Ms(0), Ms(250)], _runs);

        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(2, _runs.Count);
    }

    [Fact]
    public async Task SlowRefresh_IsNeverRunTwiceAtOnce_AndTheLastPokeStillGetsItsRefresh()
    {
        var running = 0;
        var most = 0;
        var slow = new TaskCompletionSource();
        _body = async () =>
        {
            most = Math.Max(most, ++running);
            await slow.Task;
            running--;
        };
        _live.Poke();

        // The refresh takes longer than the interval; pokes keep coming meanwhile.
        for (var i = 0; i < 10; i++)
        {
            _time.Advance(Ms(100));
            _live.Poke();
        }

        Assert.Equal(1, most);
        Assert.Single(_runs);

        _body = () => Task.CompletedTask;
        slow.SetResult();
        await Task.Yield();
        _time.Advance(Interval);

        Assert.Equal(1, most);
        Assert.Equal(2, _runs.Count);
        Assert.True(_runs[1] >= Ms(1000), $"the second refresh ran at {_runs[1]}, before the first ended at 1000 ms");
    }

    [Fact]
    public void Dispose_StopsTheRefreshDue_AndLaterPokes()
    {
        _live.Poke();
        _live.Poke();
        Assert.Single(_runs);

        _live.Dispose();
        _time.Advance(TimeSpan.FromSeconds(1));
        _live.Poke();
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Single(_runs);
        Assert.Equal(1, _live.Refreshes);
    }

    [Fact]
    public void Dispose_Twice_IsHarmless()
    {
        _live.Dispose();
        _live.Dispose();
        _live.Poke();

        Assert.Empty(_runs);
    }

    [Fact]
    public void RefreshThrows_GoesToFailed_AndTheNextPokeStillRefreshes()
    {
        var boom = new InvalidOperationException("the database is busy");
        _body = () => throw boom;

        _live.Poke();

        Assert.Same(boom, Assert.Single(_failures));
        _body = () => Task.CompletedTask;
        _time.Advance(Interval);
        _live.Poke();
        Assert.Equal([TimeSpan.Zero, Interval], _runs);
        Assert.Single(_failures);
    }

    [Fact]
    public void RefreshFaultsLater_GoesToFailed_AndTheNextPokeStillRefreshes()
    {
        var boom = new TimeoutException("slow read");
        var pending = new TaskCompletionSource();
        _body = () => pending.Task;
        _live.Poke();

        pending.SetException(boom);

        Assert.Same(boom, Assert.Single(_failures));
        _body = () => Task.CompletedTask;
        _live.Poke();
        _time.Advance(Interval);
        Assert.Equal([TimeSpan.Zero, Interval], _runs);
    }
}
