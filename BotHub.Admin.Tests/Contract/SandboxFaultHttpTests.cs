using System.Diagnostics;
using System.Text.Json.Nodes;
using BotHub.Admin.Tests.Infrastructure;

namespace BotHub.Admin.Tests.Contract;

/// <summary>Injected faults over real HTTP, each test on a sandbox of its own (faults are server-wide).</summary>
public sealed class SandboxFaultHttpTests : IAsyncLifetime
{
    private SandboxTestServer _sandbox = null!;
    private string _bot = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _sandbox = await SandboxTestServer.StartAsync();
        _bot = _sandbox.NewChannel();
        Assert.Equal(200, (await _sandbox.WritesAsync(_bot)).Status);
    }

    public async ValueTask DisposeAsync() => await _sandbox.DisposeAsync();

    private async Task SetFaultsAsync(string json) => Assert.Equal(200, (await _sandbox.PutFaultsAsync(json)).Status);

    private async Task<int> AcceptedAsync() => (int)(await _sandbox.StatsAsync(_bot))["accepted"]!;

    [Fact]
    public async Task Faults_PutThenGet_RoundTrip_AndBadSettingsAre400WithTheProblem()
    {
        const string Settings = """{"error_rates":{"10000":0.1,"80002":0.05},"errors_to":{"+8613900001111":10000},"latency_mean_ms":20,"latency_spread_ms":5,"timeout_rate":0.01,"drop_rate":0.02,"answer_lost_rate":0.03}""";

        await SetFaultsAsync(Settings);
        var read = await _sandbox.Http.GetStringAsync(new Uri("/_sandbox/faults", UriKind.Relative), Ct);
        var bad = await _sandbox.PutFaultsAsync("""{"drop_rate":0.7,"timeout_rate":0.7}""");
        var notJson = await _sandbox.PutFaultsAsync("drop everything");

        Assert.Equal(Settings, read);
        Assert.Equal((400, "the rates together must not pass 1"), (bad.Status, (string?)bad.Json["problem"]));
        Assert.Equal(400, notJson.Status);
        Assert.Equal(0.02, _sandbox.Faults.Settings.DropRate);
    }

    [Theory]
    [InlineData(80002, 502)]
    [InlineData(10000, 500)]
    [InlineData(19000, 504)]
    public async Task ErrorRateOne_AnswersThatCode_AndTheRetryWithTheSameIdIsAccepted(int code, int status)
    {
        var message = SandboxMessages.Text();
        await SetFaultsAsync($$$"""{"error_rates":{"{{{code}}}":1}}""");

        var faulted = await _sandbox.SendAsync(_bot, message);
        await SetFaultsAsync("{}");
        var retry = await _sandbox.SendAsync(_bot, message);

        faulted.IsError(status, code);
        Assert.Equal(200, retry.Status);
    }

    [Fact]
    public async Task Latency_DelaysTheAnswer()
    {
        await SetFaultsAsync("""{"latency_mean_ms":400}""");
        var clock = Stopwatch.StartNew();

        var reply = await _sandbox.CheckAsync(_bot, SandboxMessages.Check());

        Assert.Equal(200, reply.Status);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(390), $"answered after {clock.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task TimeOut_HangsUntilTheClientGivesUp_AndNothingIsRecorded()
    {
        var message = SandboxMessages.Text();
        await SetFaultsAsync("""{"timeout_rate":1}""");
        using var client = _sandbox.NewClient(timeout: TimeSpan.FromMilliseconds(800));
        var clock = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _sandbox.SendAsync(_bot, message, client: client));

        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(790), $"gave up after {clock.ElapsedMilliseconds} ms");
        await SetFaultsAsync("{}");
        Assert.Equal(200, (await _sandbox.SendAsync(_bot, message)).Status);
        Assert.Equal(1, (int)(await _sandbox.StatsAsync(_bot))["faults"]!);
    }

    [Fact]
    public async Task Drop_GivesHttpRequestException_AndNothingIsRecorded()
    {
        var message = SandboxMessages.Text();
        await SetFaultsAsync("""{"drop_rate":1}""");
        using var client = _sandbox.NewClient();

        await Assert.ThrowsAsync<HttpRequestException>(() => _sandbox.SendAsync(_bot, message, client: client));

        Assert.Equal(0, await AcceptedAsync());
        await SetFaultsAsync("{}");
        Assert.Equal(200, (await _sandbox.SendAsync(_bot, message)).Status);
    }

    [Fact]
    public async Task AnswerLost_GivesHttpRequestException_ButTheMessageWasAccepted_SoTheRetryIs10011()
    {
        var message = SandboxMessages.Text();
        await SetFaultsAsync("""{"answer_lost_rate":1}""");
        using var client = _sandbox.NewClient();

        await Assert.ThrowsAsync<HttpRequestException>(() => _sandbox.SendAsync(_bot, message, client: client));
        var retry = await _sandbox.SendAsync(_bot, message);

        retry.IsError(409, 10011, "Request already processed");
        Assert.Equal(1, await AcceptedAsync());
    }

    [Fact]
    public async Task Stop_WhileARequestHangs_EndsPromptly()
    {
        await SetFaultsAsync("""{"timeout_rate":1}""");
        using var client = _sandbox.NewClient();
        var hanging = _sandbox.CheckAsync(_bot, SandboxMessages.Check());
        await Task.Delay(200, Ct);
        var clock = Stopwatch.StartNew();

        await _sandbox.Server.StopAsync(Ct);

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"stopped after {clock.ElapsedMilliseconds} ms");
        await Assert.ThrowsAsync<HttpRequestException>(() => hanging);
    }

    [Fact]
    public async Task StatsAndFaults_AreJsonWithSnakeCaseNames_NoFaultsByDefault()
    {
        var stats = JsonNode.Parse(await _sandbox.Http.GetStringAsync(new Uri("/_sandbox/stats", UriKind.Relative), Ct))!;
        var channel = stats["channels"]![_bot]!.AsObject();

        Assert.Equal(["requests", "busiest_second", "rate_violations", "accepted", "checks", "refused", "faults", "inbound", "ids_kept", "notified_per_day"],
            channel.Select(p => p.Key));
        Assert.Equal("""{"error_rates":{},"errors_to":{},"latency_mean_ms":0,"latency_spread_ms":0,"timeout_rate":0,"drop_rate":0,"answer_lost_rate":0}""",
            await _sandbox.Http.GetStringAsync(new Uri("/_sandbox/faults", UriKind.Relative), Ct));
    }
}
