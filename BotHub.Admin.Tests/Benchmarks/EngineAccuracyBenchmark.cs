using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using BotHub.Admin.Data;
using BotHub.Admin.Features.Broadcasts;
using BotHub.Admin.Features.Compose;
using BotHub.Admin.Features.Provider.Sandbox;
using BotHub.Admin.Features.Recipients;
using BotHub.Admin.Features.Sending;
using BotHub.Admin.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using BotHub.Admin.Features.Channels;

namespace BotHub.Admin.Tests.Benchmarks;

/// <summary>
/// The engine against the in-process sandbox in real time: BENCH_USERS new users per channel (default 1,200, i.e.
/// 2,400 requests; 40 when only BENCH_SECONDS is set, as CI does), with the sandbox's latency at 80 ms, then 300 ± 150 ms,
/// then two channels at once. Prints the provider's figures (requests, busiest second, violations) and the achieved rate.
/// Asserts only that every delivery was sent and that the provider counted no violation.
/// </summary>
public sealed class EngineAccuracyBenchmark
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static int Users => int.TryParse(Environment.GetEnvironmentVariable("BENCH_USERS"), CultureInfo.InvariantCulture, out var n) && n > 0
        ? n
        : Environment.GetEnvironmentVariable("BENCH_SECONDS") is not null ? 40 : 1_200;

    [Theory]
    [Trait("Category", "Benchmark")]
    [InlineData(1, 80, 0)]
    [InlineData(1, 300, 150)]
    [InlineData(2, 80, 0)]
    public async Task Engine_AgainstSandbox_StaysUnderTheLimitAtFullRate(int channels, int latencyMs, int spreadMs)
    {
        await using var app = new EngineBenchApp("accuracy", channels);
        var users = Users;
        using var sandbox = app.Services.GetRequiredService<SandboxServer>().NewControlClient();
        for (var c = 0; c < channels; c++)
        {
            await SeedWritersAsync(app, sandbox, c, users);
        }

        using (var put = await sandbox.PutAsJsonAsync("/_sandbox/faults", new { latency_mean_ms = latencyMs, latency_spread_ms = spreadMs }, Ct))
        {
            put.EnsureSuccessStatusCode();
        }

        var creator = app.Services.GetRequiredService<BroadcastCreator>();
        var channelIds = await app.ChannelIdsAsync();
        var started = Stopwatch.GetTimestamp();
        foreach (var id in channelIds)
        {
            var result = await creator.CreateAsync(new ComposeModel
            {
                ChannelId = id,
                Message = new ComposedMessage { Type = "text", Body = "Hello {{name}}, a benchmark message." },
                Audience = new AudienceChoice { Mode = AudienceMode.AllEligible },
            }, new Features.Audit.AuditActor("bench", "bench", null), Ct);
            Assert.True(result.Created, result.Error?.ToString());
        }

        await WaitUntilSentAsync(app, users * channels, TimeSpan.FromSeconds(users * 2 / 20.0 * 3 + 30));
        var elapsed = Stopwatch.GetElapsedTime(started);
        var stats = await sandbox.GetFromJsonAsync<SandboxStats>("/_sandbox/stats", Ct);
        await using var db = await app.DbAsync();
        var spans = await db.DeliveryAttempts.Join(db.Deliveries, a => a.DeliveryId, d => d.Id, (a, d) => new { a.AtUtc, d.ChannelId })
            .Join(db.Channels, x => x.ChannelId, c => c.Id, (x, c) => new { x.AtUtc, c.BotPhone })
            .GroupBy(x => x.BotPhone).Select(g => new { Bot = g.Key, First = g.Min(x => x.AtUtc), Last = g.Max(x => x.AtUtc) })
            .ToDictionaryAsync(x => x.Bot, Ct);
        foreach (var (phone, s) in stats!.Channels.OrderBy(kv => kv.Key))
        {
            var span = spans[phone];
            var seconds = (span.Last - span.First).TotalSeconds;
            var report = string.Create(CultureInfo.InvariantCulture,
                $"Engine accuracy ({channels} channel(s), latency {latencyMs}±{spreadMs} ms, {users} new users): channel {phone}: "
                + $"{s.Requests} requests ({s.Checks} checks, {s.Accepted} accepted) in {seconds:0.0} s = {s.Requests / seconds:0.00} requests/s, "
                + $"{s.Accepted / seconds:0.00} new users/s; busiest second {s.BusiestSecond}; violations {s.RateViolations}; "
                + $"from {span.First:HH:mm:ss.f} to {span.Last:HH:mm:ss.f}; wall {elapsed.TotalSeconds:0.0} s");
            TestContext.Current.SendDiagnosticMessage(report);
            TestContext.Current.TestOutputHelper?.WriteLine(report);
            Assert.Equal(0, s.RateViolations);
            Assert.Equal(users, s.Accepted);
        }
    }

    private static async Task SeedWritersAsync(EngineBenchApp app, HttpClient sandbox, int channel, int users)
    {
        await using (var db = await app.DbAsync())
        {
            for (var i = 0; i < users; i++)
            {
                db.Recipients.Add(new Recipient
                {
                    Phone = Phone(channel, i), Name = $"User {i}", OptIn = OptInStatus.OptedIn, CreatedUtc = DateTime.UtcNow,
                });
            }

            await db.SaveChangesAsync(Ct);
        }

        using var gate = new SemaphoreSlim(8);
        await Task.WhenAll(Enumerable.Range(0, users).Select(async i =>
        {
            await gate.WaitAsync(Ct);
            try
            {
                using var r = await sandbox.PostAsJsonAsync("/_sandbox/inbound", new { bot = EngineBenchApp.Bot(channel), from = Phone(channel, i), text = "hi" }, Ct);
                r.EnsureSuccessStatusCode();
            }
            finally
            {
                gate.Release();
            }
        }));
    }

    private static string Phone(int channel, int i) => $"+8613{channel}{i:D8}";


    private static async Task WaitUntilSentAsync(EngineBenchApp app, int expected, TimeSpan limit)
    {
        var until = Stopwatch.GetTimestamp() + (long)(limit.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < until)
        {
            await using var db = await app.DbAsync();
            if (await db.Deliveries.CountAsync(d => d.State == DeliveryState.Sent, Ct) >= expected)
            {
                return;
            }

            await Task.Delay(500, Ct);
        }

        Assert.Fail($"Not all {expected} deliveries were sent within {limit.TotalSeconds:0} s.");
    }

}
