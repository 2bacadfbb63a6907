using System.Diagnostics;
using System.Globalization;
using BotHub.Admin.Data;
using BotHub.Admin.Features.Broadcasts;
using BotHub.Admin.Features.Compose;
using BotHub.Admin.Features.Provider.Sandbox;
using BotHub.Admin.Features.Recipients;
using BotHub.Admin.Tests.Contract;
using BotHub.Admin.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using BotHub.Admin.Features.Sending;

namespace BotHub.Admin.Tests.Benchmarks;

/// <summary>
/// The engine's ceiling on this machine: BENCH_CHANNELS channels (default 50) at once, each allowed 100 requests/s
/// (sandbox bucket 100/s holding 200), the in-process sandbox at zero latency, BENCH_USERS new users per channel
/// (default 400; 10 when only BENCH_SECONDS is set, as CI does): a first broadcast to them (a check and a send each),
/// then a second (checks remembered, one send each). Prints deliveries/s, requests/s, the process's CPU share and working
/// set per round, and a baseline measured in the same run: a plain client making as many requests to an unlimited sandbox
/// at the same concurrency, whose CPU per request estimates what HTTP and the sandbox took, so the engine's share is the
/// rest. Asserts only that everything was sent without a violation.
/// </summary>
public sealed class EngineCeilingBenchmark
{
    private const int Rate = 100;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static bool Brief => Environment.GetEnvironmentVariable("BENCH_SECONDS") is not null;

    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v > 0 ? v : fallback;

    [Fact]
    [Trait("Category", "Benchmark")]
    public async Task Engine_ManyChannelsAtARaisedLimit_PrintsSustainedDeliveriesPerSecond()
    {
        var channels = Setting("BENCH_CHANNELS", 50);
        var users = Setting("BENCH_USERS", Brief ? 10 : 400);
        await using var app = new EngineBenchApp("ceiling", channels, Rate);
        var provider = app.Services.GetRequiredService<SandboxProvider>();
        await SeedAsync(app, provider, channels, users);

        var baseline = await BaselineAsync(channels, users);

        var first = await RoundAsync(app, users, newUsers: true, baseline);
        var second = await RoundAsync(app, users, newUsers: false, baseline);
        var stats = provider.Stats().Channels.Values;
        var report = string.Create(CultureInfo.InvariantCulture,
            $"Engine ceiling: {channels} channels at {Rate}/s (limit {channels * Rate} requests/s), sandbox at zero latency, {Environment.ProcessorCount} cores. "
            + $"{first} {second} Busiest channel second {stats.Max(s => s.BusiestSecond)}; violations {stats.Sum(s => s.RateViolations)}. "
            + $"Baseline: a plain client made {baseline.Requests} requests to an unlimited sandbox at the same concurrency at "
            + $"{baseline.Requests / baseline.Seconds:0} requests/s, {baseline.CpuSeconds * 1000 / baseline.Requests:0.00} CPU ms each.");
        TestContext.Current.SendDiagnosticMessage(report);
        TestContext.Current.TestOutputHelper?.WriteLine(report);
        Console.WriteLine(report);
        Assert.Equal(0, stats.Sum(s => s.RateViolations));
    }

    // One broadcast per channel to all its users; the figures of this round alone.
    private static async Task<string> RoundAsync(EngineBenchApp app, int users, bool newUsers, (int Requests, double Seconds, double CpuSeconds) baseline)
    {
        var creator = app.Services.GetRequiredService<BroadcastCreator>();
        var ids = await app.ChannelIdsAsync();
        var broadcasts = new List<int>();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();
        using var sampler = new WorkingSetSampler();
        foreach (var id in ids)
        {
            var result = await creator.CreateAsync(new ComposeModel
            {
                ChannelId = id,
                Message = new ComposedMessage { Type = "text", Body = "Hello {{name}}, a ceiling benchmark." },
                Audience = new AudienceChoice { Mode = AudienceMode.AllEligible },
            }, new Features.Audit.AuditActor("bench", "bench", null), Ct);
            Assert.True(result.Created, result.Error?.ToString());
            broadcasts.Add(result.BroadcastId!.Value);
        }

        var total = ids.Count * users;
        await WaitUntilSentAsync(app, broadcasts, total, TimeSpan.FromSeconds(total * 2.0 / (ids.Count * Rate) * 10 + 60));
        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;

        await using var db = await app.DbAsync();
        var span = await db.DeliveryAttempts.Join(db.Deliveries.Where(d => broadcasts.Contains(d.BroadcastId)), a => a.DeliveryId, d => d.Id, (a, d) => a)
            .GroupBy(a => 1).Select(g => new { First = g.Min(a => a.AtUtc), Last = g.Max(a => a.AtUtc), Count = g.Count() }).SingleAsync(Ct);
        var seconds = Math.Max(0.001, (span.Last - span.First).TotalSeconds);
        var providerCpu = span.Count * baseline.CpuSeconds / baseline.Requests;
        var machine = elapsed * Environment.ProcessorCount;
        return string.Create(CultureInfo.InvariantCulture,
            $"{(newUsers ? "New users (a check and a send each)" : "The same users again (checks remembered: one send each)")}: "
            + $"{total} deliveries, {span.Count} requests in {seconds:0.0} s = {total / seconds:0} deliveries/s, {span.Count / seconds:0} requests/s; "
            + $"CPU {cpuSeconds / machine:P0} of the machine over {elapsed:0.0} s, of which HTTP and the sandbox ≈ {providerCpu / machine:P0} (baseline's cost "
            + $"per request), the engine with its database ≈ {Math.Max(0, cpuSeconds - providerCpu) / machine:P0}; working set peak {sampler.PeakMb:0} MB "
            + $"(at start {sampler.StartMb:0} MB).");
    }

    // Users who wrote in today, in the app's database and in the sandbox's memory, without going through HTTP.
    private static async Task SeedAsync(EngineBenchApp app, SandboxProvider provider, int channels, int users)
    {
        var ids = await app.ChannelIdsAsync();
        var now = DateTime.UtcNow;
        await using var db = await app.DbAsync();
        for (var c = 0; c < channels; c++)
        {
            var recipients = Enumerable.Range(0, users).Select(i => new Recipient
            {
                Phone = Phone(c, i), Name = $"User {i}", OptIn = OptInStatus.OptedIn, CreatedUtc = now,
            }).ToList();
            db.Recipients.AddRange(recipients);
            await db.SaveChangesAsync(Ct);
            db.RecipientActivity.AddRange(recipients.Select(r => new RecipientChannelActivity { RecipientId = r.Id, ChannelId = ids[c], LastInboundUtc = now }));
            await db.SaveChangesAsync(Ct);
            db.ChangeTracker.Clear();
            for (var i = 0; i < users; i++)
            {
                var outcome = await provider.RecordInboundAsync(EngineBenchApp.Bot(c), Phone(c, i), "User", "hi", Ct);
                Assert.NotNull(outcome.Message);
            }
        }
    }

    // The same number of requests as the engine will make (a check and a send per user, 16 in flight per channel) from a
    // plain client, to a second sandbox without limits: what HTTP and the sandbox cost on their own, per request.
    private static async Task<(int Requests, double Seconds, double CpuSeconds)> BaselineAsync(int channels, int users)
    {
        await using var sandbox = await SandboxTestServer.StartAsync(new SandboxOptions
        {
            BucketRate = 1_000_000, BucketSize = 1_000_000, TierLimits = [1_000_000],
        });
        var bots = Enumerable.Range(0, channels).Select(_ => sandbox.NewChannel()).ToList();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();
        var requests = 0;
        await Task.WhenAll(Enumerable.Range(0, channels).SelectMany(c => Enumerable.Range(0, 16).Select(async loop =>
        {
            for (var i = loop; i < users; i += 16)
            {
                await sandbox.CheckAsync(bots[c], SandboxMessages.Check(to: Phone(c, i)));
                await sandbox.SendAsync(bots[c], SandboxMessages.Text(to: Phone(c, i)));
                Interlocked.Add(ref requests, 2);
            }
        })));
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        return (requests, seconds, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds);
    }

    private static string Phone(int channel, int i) => string.Create(CultureInfo.InvariantCulture, $"+8615{channel:D3}{i:D6}");


    private static async Task WaitUntilSentAsync(EngineBenchApp app, List<int> broadcasts, int expected, TimeSpan limit)
    {
        var until = Stopwatch.GetTimestamp() + (long)(limit.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < until)
        {
            await using var db = await app.DbAsync();
            if (await db.Deliveries.CountAsync(d => broadcasts.Contains(d.BroadcastId) && d.State == DeliveryState.Sent, Ct) >= expected)
            {
                return;
            }

            await Task.Delay(250, Ct);
        }

        Assert.Fail($"Not all {expected} deliveries were sent within {limit.TotalSeconds:0} s.");
    }

    /// <summary>Samples the process's working set every 100 ms; the peak is what it reached while sending.</summary>
    private sealed class WorkingSetSampler : IDisposable
    {
        private readonly Timer _timer;
        private long _peak;

        public WorkingSetSampler()
        {
            StartMb = Environment.WorkingSet / 1048576.0;
            _timer = new Timer(_ => Interlocked.Exchange(ref _peak, Math.Max(Interlocked.Read(ref _peak), Environment.WorkingSet)), null, 0, 100);
        }

        public double StartMb { get; }

        public double PeakMb => Interlocked.Read(ref _peak) / 1048576.0;

        public void Dispose() => _timer.Dispose();
    }

}
