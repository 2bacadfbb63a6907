using BotHub.Admin.Features.Provider.Sandbox;
using BotHub.Admin.Tests.Infrastructure;
using static BotHub.Admin.Tests.Unit.Sandbox.SandboxAnswerAssert;

namespace BotHub.Admin.Tests.Unit.Sandbox;

/// <summary>Injected faults: which answer replaces success, and what is (not) recorded.</summary>
public sealed class SandboxFaultTests
{
    private readonly SandboxRig _rig = new();

    private void Set(SandboxFaultSettings settings) => _rig.Faults.Settings = settings;

    [Theory]
    [InlineData(10000, 500)]
    [InlineData(18000, 500)]
    [InlineData(19000, 504)]
    [InlineData(80001, 502)]
    [InlineData(80002, 502)]
    [InlineData(10006, 404)]
    [InlineData(12345, 400)]
    public async Task ErrorRateOne_AnswersThatCodeWithItsStatus_AndTheSameIdLaterSucceeds(int code, int status)
    {
        await _rig.WritesAsync();
        var message = SandboxMessages.Text();
        Set(new() { ErrorRates = new Dictionary<int, double> { [code] = 1.0 } });

        IsError(await _rig.SendAsync(message), status, code);
        Set(new());

        IsAccepted(await _rig.SendAsync(message));
        Assert.Equal((1, 1), (_rig.Stats.Faults, _rig.Stats.Accepted));
    }

    [Fact]
    public async Task Faults_HitOnlyRequestsThatWouldSucceed_ARefusalStaysARefusal()
    {
        Set(new() { ErrorRates = new Dictionary<int, double> { [80002] = 1.0 } });

        IsError(await _rig.SendAsync(SandboxMessages.Text()), 400, 10100, "no_message_today", 2);
        IsError(await _rig.SendAsync(SandboxMessages.Text(), key: null), 401, 10001);
    }

    [Theory]
    [InlineData(SandboxFaultKind.TimeOut)]
    [InlineData(SandboxFaultKind.Drop)]
    public async Task TimeOutOrDrop_NothingIsRecorded_ARetryWithTheSameIdIsAccepted(SandboxFaultKind kind)
    {
        await _rig.WritesAsync();
        var message = SandboxMessages.Text();
        Set(kind == SandboxFaultKind.TimeOut ? new() { TimeoutRate = 1 } : new() { DropRate = 1 });

        Assert.Equal(kind, (await _rig.SendAsync(message)).Fault);
        Assert.Equal(kind, (await _rig.CheckAsync(SandboxMessages.Check())).Fault);
        Set(new());

        IsAccepted(await _rig.SendAsync(message));
        Assert.Equal((2, 1, 0L), (_rig.Stats.Faults, _rig.Stats.Accepted, _rig.Stats.Checks));
        Assert.Equal(1, _rig.Stats.NotifiedPerDay["2026-03-02"]);
    }

    [Fact]
    public async Task AnswerLost_IsRecordedAsAccepted_SoTheRetryMeets10011_AndQuotaIsUsedOnce()
    {
        await _rig.WritesAsync();
        var message = SandboxMessages.Text();
        Set(new() { AnswerLostRate = 1 });

        var lost = await _rig.SendAsync(message);
        var retry = await _rig.SendAsync(message);

        Assert.Equal((SandboxFaultKind.AnswerLost, 200), (lost.Fault, lost.Status));
        IsError(retry, 409, 10011, "Request already processed");
        Assert.Equal((1L, 1L), (_rig.Stats.Accepted, _rig.Stats.Faults));
        Assert.Equal(1, _rig.Stats.NotifiedPerDay["2026-03-02"]);
    }

    [Fact]
    public async Task Faults_CountAsRequests_AndTakeARateToken()
    {
        await _rig.WritesAsync();
        Set(new() { DropRate = 1 });
        for (var i = 0; i < 40; i++)
        {
            Assert.Equal(SandboxFaultKind.Drop, (await _rig.SendAsync(SandboxMessages.Text())).Fault);
        }

        IsError(await _rig.SendAsync(SandboxMessages.Text()), 429, 10000, "rate limit exceeded");
        Assert.Equal((41, 40L), (_rig.Stats.Requests, _rig.Stats.Faults));
    }

    [Fact]
    public async Task Latency_IsDrawnWithinMeanPlusOrMinusSpread_OnEveryAnswer()
    {
        Set(new() { LatencyMeanMs = 200, LatencySpreadMs = 50 });
        var delays = new List<TimeSpan>();
        for (var i = 0; i < 30; i++)
        {
            delays.Add((await _rig.SendAsync(SandboxMessages.Text(), key: i % 2 == 0 ? null : SandboxMessages.Key)).Delay);
        }

        Assert.All(delays, d => Assert.InRange(d.TotalMilliseconds, 150, 250));
        Assert.True(delays.Distinct().Count() > 20, "the latency should vary");
    }

    [Fact]
    public void Roll_WithASeed_IsRepeatable_AndNearTheRates()
    {
        var settings = new SandboxFaultSettings { ErrorRates = new Dictionary<int, double> { [10000] = 0.1, [80002] = 0.05 }, DropRate = 0.2 };
        var faults = new SandboxFaults(new Random(7)) { Settings = settings };
        var rolls = Enumerable.Range(0, 2000).Select(_ => faults.Roll()).ToList();
        var again = new SandboxFaults(new Random(7)) { Settings = settings };

        Assert.Equal(rolls, Enumerable.Range(0, 2000).Select(_ => again.Roll()));
        Assert.InRange(rolls.Count(r => r.ErrorCode == 10000), 150, 250);
        Assert.InRange(rolls.Count(r => r.ErrorCode == 80002), 60, 140);
        Assert.InRange(rolls.Count(r => r.Kind == SandboxFaultKind.Drop), 330, 470);
    }

    [Theory]
    [InlineData(1.5, 0, 0, "every rate must be between 0 and 1")]
    [InlineData(0.6, 0.6, 0, "the rates together must not pass 1")]
    [InlineData(0, 0, -1, "latency_mean_ms and latency_spread_ms must be between 0 and 600000")]
    public void Settings_OutOfRange_AreRefusedAndTheOldOnesKept(double errorRate, double dropRate, double latency, string problem)
    {
        Set(new() { DropRate = 0.1 });
        var bad = new SandboxFaultSettings { ErrorRates = new Dictionary<int, double> { [10000] = errorRate }, DropRate = dropRate, LatencyMeanMs = latency };

        Assert.Equal(problem, bad.Problem());
        Assert.Throws<ArgumentException>(() => Set(bad));
        Assert.Equal(0.1, _rig.Faults.Settings.DropRate);
    }
}
