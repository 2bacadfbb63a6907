using System.Diagnostics;
using System.Globalization;
using BotHub.Admin.Data;
using BotHub.Admin.Features.Broadcasts;
using BotHub.Admin.Features.Compose;
using BotHub.Admin.Features.Recipients;
using BotHub.Admin.Features.Tiers;
using BotHub.Admin.Tests.Infrastructure;
using BotHub.Admin.Tests.Integration.Compose;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using BotHub.Admin.Features.Sending;

namespace BotHub.Admin.Tests.Benchmarks;

/// <summary>
/// Creates one broadcast to BENCH_ROWS eligible recipients (default 100,000; 5,000 when only BENCH_SECONDS is set, as
/// CI does) on the real app: a text with {{name}}, one delivery row and message id per recipient. Prints the planner's
/// time, the creation's time and rows/s, and the working set's growth (sampled every 50 ms), beside a baseline from the
/// same run: reading the same rows with a plain query. Asserts only that every recipient got a queued delivery.
/// </summary>
public sealed class BroadcastCreateBenchmark
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static int? Setting(string name) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;

    [Fact]
    [Trait("Category", "Benchmark")]
    public async Task CreateBroadcast_100kRecipients_PrintsTimeAndMemory()
    {
        var rows = Setting("BENCH_ROWS") is > 0 and var n ? n : Setting("BENCH_SECONDS") is not null ? 5_000 : 100_000;
        await using var app = new BenchApp();
        app.EnsureDaytime();
        var channel = await app.ChannelAsync();
        var seedTime = Stopwatch.StartNew();
        await SeedAsync(app, channel.Id, rows);
        seedTime.Stop();
        var model = ComposeSeed.Text(channel.Id, "Hello {{name}}, your spring offer is ready: reply STOP to opt out.",
            new AudienceChoice { Mode = AudienceMode.AllEligible });

        var baseline = await TimeAsync(async () =>
        {
            await using var db = await app.DbAsync();
            var read = 0;
            await foreach (var r in db.Recipients.AsNoTracking().Select(r => new { r.Id, r.Phone, r.Name, r.OptIn, r.Attributes })
                               .AsAsyncEnumerable().WithCancellation(Ct))
            {
                read += r.Phone.Length > 0 ? 1 : 0;
            }

            Assert.Equal(rows, read);
        });
        // The audience query the planner and the creation stream (activity, check and quota state per row), without deciding.
        var audienceRows = await TimeAsync(async () =>
        {
            await using var db = await app.DbAsync();
            var source = await app.Services.GetRequiredService<AudienceQuery>().ResolveAsync(db, channel, model.Audience, judgedLater: false, Ct);
            var day = QuotaReader.LocalDay(channel.Zone, app.Clock.GetUtcNow());
            var read = 0;
            await foreach (var r in AudienceQuery.Rows(db, source.Matched, channel.Id, day, app.Now().AddDays(-7), model.Order)
                               .AsAsyncEnumerable().WithCancellation(Ct))
            {
                read += r.Phone.Length > 0 ? 1 : 0;
            }

            Assert.Equal(rows, read);
        });
        AudiencePlan plan = null!;
        var planner = await TimeAsync(async () =>
            plan = await app.Services.GetRequiredService<AudiencePlanner>().PlanAsync(model, channel, Ct));

        GC.Collect();
        GC.WaitForPendingFinalizers();
        var before = WorkingSet();
        long peak = before;
        CreateResult result;
        double elapsed;
        using (new Timer(_ => InterlockedMax(ref peak, WorkingSet()), null, 0, 50))
        {
            var started = Stopwatch.GetTimestamp();
            result = await app.Services.GetRequiredService<BroadcastCreator>().CreateAsync(model, ComposeSeed.Staff, Ct);
            elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        }

        var after = WorkingSet();
        InterlockedMax(ref peak, after);

        var report = string.Create(CultureInfo.InvariantCulture,
            $"Broadcast create ({Environment.ProcessorCount} cores): {rows} recipients in {elapsed:0.00} s ({rows / elapsed:0} rows/s), "
            + $"planner {planner:0.00} s ({plan.Eligible} eligible, {plan.NewUsers} new + {plan.CheckedUsers} checked, "
            + $"duration {plan.Duration.TotalMinutes:0.0} min at {plan.RatePerSecond}/s), "
            + $"working set +{Mb(peak - before)} MB (before {Mb(before)} MB, peak sampled {Mb(peak)} MB, after {Mb(after)} MB), "
            + $"baseline read of the same rows {baseline:0.00} s (audience rows query alone {audienceRows:0.00} s); "
            + $"seeded in {seedTime.Elapsed.TotalSeconds:0.0} s");
        TestContext.Current.SendDiagnosticMessage(report);
        TestContext.Current.TestOutputHelper?.WriteLine(report);
        Console.WriteLine(report);

        Assert.True(result.Created, result.Error?.ToString());
        await using var check = await app.DbAsync();
        var broadcast = await check.Broadcasts.AsNoTracking().SingleAsync(b => b.Id == result.BroadcastId, Ct);
        Assert.Equal(rows, broadcast.Total);
        Assert.Equal(rows, await check.Deliveries.CountAsync(d => d.BroadcastId == broadcast.Id && d.State == DeliveryState.Queued, Ct));
        Assert.Equal(rows, await check.Deliveries.Where(d => d.BroadcastId == broadcast.Id).Select(d => d.MessageId).Distinct().CountAsync(Ct));
    }

    /// <summary>N opted-in recipients with names, all of whom wrote to the channel a minute ago; every other one checked.</summary>
    private static async Task SeedAsync(ChannelTestApp app, int channelId, int rows)
    {
        await using var db = await app.DbAsync();
        var now = app.Now();
        await using var tx = await db.Database.BeginTransactionAsync(Ct);
        string[] names = ["Li Wei", "Wang Fang", "Zhang Min", "Liu Jing", "Chen Lei", "Anna Müller", "Carlos Garcia", "Priya Sharma"];
        using (var insert = new BulkInsert<Recipient>(db, [nameof(Recipient.Phone), nameof(Recipient.Name), nameof(Recipient.OptIn),
                   nameof(Recipient.CreatedUtc), nameof(Recipient.Attributes)]))
        {
            var attributes = new Dictionary<string, string> { ["city"] = "Shanghai" };
            for (var i = 0; i < rows; i++)
            {
                insert.Insert(new Recipient
                {
                    Phone = string.Create(CultureInfo.InvariantCulture, $"+86137{i:D8}"),
                    Name = names[i % names.Length] + " " + i.ToString(CultureInfo.InvariantCulture),
                    OptIn = OptInStatus.OptedIn,
                    CreatedUtc = now.AddSeconds(-i),
                    Attributes = attributes,
                });
            }
        }

        var wrote = now.AddMinutes(-1).ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);
        await db.Database.ExecuteSqlRawAsync(
            "INSERT INTO RecipientActivity (RecipientId, ChannelId, LastInboundUtc) SELECT Id, {0}, {1} FROM Recipients", [channelId, wrote], Ct);
        await db.Database.ExecuteSqlRawAsync(
            "INSERT INTO ContactChecks (ChannelId, RecipientId, CheckedUtc) SELECT {0}, Id, {1} FROM Recipients WHERE Id % 2 = 0",
            [channelId, wrote], Ct);
        await tx.CommitAsync(Ct);
        await db.Database.ExecuteSqlRawAsync("ANALYZE", Ct);
    }

    private static async Task<double> TimeAsync(Func<Task> action)
    {
        var started = Stopwatch.GetTimestamp();
        await action();
        return Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    private static long WorkingSet()
    {
        using var p = Process.GetCurrentProcess();
        return p.WorkingSet64;
    }

    private static void InterlockedMax(ref long target, long value)
    {
        long seen;
        while (value > (seen = Interlocked.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }

    private static string Mb(long bytes) => (bytes / 1024.0 / 1024.0).ToString("0", CultureInfo.InvariantCulture);

    /// <summary>The test app with a quota that covers the whole audience, and without trace logging.</summary>
    private sealed class BenchApp : ChannelTestApp
    {
        protected override IDictionary<string, string?> Settings
        {
            get
            {
                var s = base.Settings;
                s["Logging:LogLevel:Default"] = "Warning";
                s["Bsp:Tiers:Tier1Limit"] = "10000000";
                s["Bsp:Tiers:Tier2Limit"] = "10000000";
                s["Bsp:Tiers:Tier3Limit"] = "10000000";
                return s;
            }
        }
    }
}
