using System.Diagnostics;
using System.Globalization;
using System.Text;
using BotHub.Admin.Features.Provider.Sandbox;
using BotHub.Admin.Tests.Contract;
using BotHub.Admin.Tests.Infrastructure;

namespace BotHub.Admin.Tests.Benchmarks;

/// <summary>
/// How many provider calls the sandbox serves on this machine: N concurrent client loops send texts to one channel
/// for a fixed time, with no latency and a bucket too big to refuse. BENCH_SECONDS (default 3) and BENCH_LOOPS
/// (default 8) change the run. It prints its figures and asserts only that requests succeeded.
/// </summary>
public sealed class SandboxCapacityBenchmark
{
    private const int Users = 100;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v > 0 ? v : fallback;

    [Fact]
    [Trait("Category", "Benchmark")]
    public async Task Sandbox_ServesConcurrentSends_PrintsRequestsPerSecondAndLatency()
    {
        var seconds = Setting("BENCH_SECONDS", 3);
        var loops = Setting("BENCH_LOOPS", 8);
        await using var sandbox = await SandboxTestServer.StartAsync(new SandboxOptions
        {
            BucketRate = 1_000_000, BucketSize = 1_000_000, TierLimits = [1_000_000],
        });
        var bot = sandbox.NewChannel();
        for (var u = 0; u < Users; u++)
        {
            Assert.Equal(200, (await sandbox.WritesAsync(bot, UserNo(u))).Status);
        }

        var deadline = Stopwatch.GetTimestamp() + seconds * Stopwatch.Frequency;
        var started = Stopwatch.GetTimestamp();
        var results = await Task.WhenAll(Enumerable.Range(0, loops).Select(loop => Task.Run(() => LoopAsync(sandbox.Http, bot, loop, deadline), Ct)));
        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;

        var latencies = results.SelectMany(r => r.LatenciesMs).Order().ToArray();
        var accepted = results.Sum(r => r.Accepted);
        var report = string.Create(CultureInfo.InvariantCulture,
            $"Sandbox capacity: {loops} loops for {elapsed:0.0} s on {Environment.ProcessorCount} cores: {latencies.Length} requests, "
            + $"{accepted} accepted, {latencies.Length / elapsed:0} requests/s, latency p50 {Percentile(latencies, 0.50):0.00} ms, "
            + $"p99 {Percentile(latencies, 0.99):0.00} ms");
        TestContext.Current.SendDiagnosticMessage(report);
        TestContext.Current.TestOutputHelper?.WriteLine(report);
        Console.WriteLine(report);

        Assert.True(accepted > 0, report);
        Assert.Equal(latencies.Length, accepted);
    }

    private static async Task<LoopResult> LoopAsync(HttpClient http, string bot, int loop, long deadline)
    {
        var result = new LoopResult();
        for (var i = 0; Stopwatch.GetTimestamp() < deadline; i++)
        {
            var body = $$$"""{"id":"bench-{{{loop}}}-{{{i}}}","to":"{{{UserNo(i % Users)}}}","timestamp":"1772447415","source":"botchat","type":"text","text":{"body":"Hello"}}""";
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/channels/{bot}/messages") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.TryAddWithoutValidation("APIKEY", SandboxMessages.Key);
            var sent = Stopwatch.GetTimestamp();
            using var response = await http.SendAsync(request, Ct);
            await response.Content.LoadIntoBufferAsync(Ct);
            result.LatenciesMs.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
            result.Accepted += response.IsSuccessStatusCode ? 1 : 0;
        }

        return result;
    }

    private static string UserNo(int n) => "+86139" + n.ToString("D8", CultureInfo.InvariantCulture);

    private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? double.NaN : sorted[(int)Math.Min(sorted.Length - 1, p * sorted.Length)];

    private sealed class LoopResult
    {
        public List<double> LatenciesMs { get; } = [];

        public int Accepted { get; set; }
    }
}
