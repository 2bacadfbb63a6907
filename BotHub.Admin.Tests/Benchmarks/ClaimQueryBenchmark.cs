using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using BotHub.Admin.Data;
using BotHub.Admin.Features.Broadcasts;
using BotHub.Admin.Features.Channels;
using BotHub.Admin.Features.Recipients;
using BotHub.Admin.Features.Sending;
using BotHub.Admin.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace BotHub.Admin.Tests.Benchmarks;

/// <summary>
/// The engine's "due work" and "claim" queries with a big broadcast waiting for quota (issue 16, "waiting work stays
/// cheap"): a tier-1 channel whose 200,000-recipient broadcast (BENCH_ROWS; 20,000 when only BENCH_SECONDS is set, as CI
/// does) is Sending with 99.5 % of its deliveries WaitingForQuota until the channel's next midnight (the first ones by
/// sequence: the engine reached them and put them off) and the last 0.5 % Queued and due; beside it a channel whose
/// broadcast waits for quota with nothing due. Measures, over 200 runs each, <see cref="EngineStore.ChannelsWithWorkAsync"/>
/// and <see cref="EngineStore.ClaimAsync"/> of 16 (the claimed rows go back to Queued after each run, untimed), beside
/// baselines from the same run: the same two queries before the big broadcast was seeded (a channel with 2,000 waiting and
/// 100 due), the small channel's claim again with the big one present, and a primary-key read of one delivery on a fresh
/// context (what any engine read costs on this machine). Prints Sqlite's EXPLAIN QUERY PLAN of every statement both calls
/// run. Target: under 5 ms median. Asserts only that the queries find the due work.
/// </summary>
public sealed class ClaimQueryBenchmark
{
    private const int ClaimSize = 16;
    private const int SmallWaiting = 2_000;
    private const int SmallDue = 100;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static bool Brief => Environment.GetEnvironmentVariable("BENCH_SECONDS") is not null;

    // The engine's calls under test, kept here alone so that a change of their signatures is one edit.
    private static Task<IReadOnlyList<int>> DueChannelsAsync(EngineStore store) => store.ChannelsWithWorkAsync(Ct);

    private static async Task<int> ClaimAsync(EngineStore store, int channelId) => (await store.ClaimAsync(channelId, ClaimSize, Ct)).Count;

    // Gives a channel's claimed deliveries back (untimed), so the next run claims again.
    private static async Task ReleaseClaimsAsync(ClaimBenchApp app, int channelId)
    {
        await using var db = await app.DbAsync();
        await db.Deliveries.Where(d => d.ChannelId == channelId && (d.State == DeliveryState.Checking || d.State == DeliveryState.Sending))
            .ExecuteUpdateAsync(u => u.SetProperty(d => d.State, DeliveryState.Queued).SetProperty(d => d.ClaimedBy, (string?)null)
                .SetProperty(d => d.LeaseUntilUtc, (DateTime?)null).SetProperty(d => d.InRequest, false), Ct);
    }

    [Fact]
    [Trait("Category", "Benchmark")]
    public async Task DueWorkAndClaim_At200kWaitingDeliveries_PrintMedianAndP95()
    {
        var rows = Setting("BENCH_ROWS", Brief ? 20_000 : 200_000);
        var runs = Brief ? 30 : 200;
        var due = Math.Max(ClaimSize, rows / 200);
        await using var app = new ClaimBenchApp();
        var store = app.Services.GetRequiredService<EngineStore>();
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        var midnight = Eligibility.NextDayStartUtc(zone, DateTimeOffset.UtcNow).UtcDateTime;

        var seedTime = Stopwatch.StartNew();
        var small = await SeedChannelAsync(app, 1, "small", BroadcastState.Sending, SmallWaiting, SmallDue, midnight);
        var quiet = await SeedChannelAsync(app, 2, "quiet", BroadcastState.WaitingForQuota, SmallWaiting, 0, midnight);
        seedTime.Stop();
        var anyDelivery = await FirstDeliveryAsync(app, small);

        var before = new Timings(runs);
        await before.RunAsync(new()
        {
            ["primary-key read"] = (() => ReadOneAsync(app, anyDelivery), null),
            ["due channels"] = (() => CheckDueAsync(store, [small]), null),
            ["claim 16, small channel"] = (() => ClaimCheckedAsync(store, small), () => ReleaseClaimsAsync(app, small)),
        });

        seedTime.Start();
        var big = await SeedChannelAsync(app, 3, "big", BroadcastState.Sending, rows - due, due, midnight);
        seedTime.Stop();

        var after = new Timings(runs);
        await after.RunAsync(new()
        {
            ["primary-key read"] = (() => ReadOneAsync(app, anyDelivery), null),
            ["due channels"] = (() => CheckDueAsync(store, [small, big]), null),
            ["claim 16, big channel"] = (() => ClaimCheckedAsync(store, big), () => ReleaseClaimsAsync(app, big)),
            ["claim 16, small channel"] = (() => ClaimCheckedAsync(store, small), () => ReleaseClaimsAsync(app, small)),
        });

        var plans = await PlansAsync(app, store, big);

        // Past the midnight a broadcast kept for days waited for: everything it put off is due at once.
        await using (var db = await app.DbAsync())
        {
            var past = DateTime.UtcNow.AddSeconds(-1);
            await db.Deliveries.Where(d => d.ChannelId == big && d.State == DeliveryState.WaitingForQuota)
                .ExecuteUpdateAsync(u => u.SetProperty(d => d.NextAttemptUtc, past), Ct);
        }

        // The engine's tick queues the day's waiters again in one statement; the claims then take queued rows in order.
        var requeue = System.Diagnostics.Stopwatch.StartNew();
        var requeued = await store.QueueQuotaWaitersAsync(Ct);
        requeue.Stop();

        var allDue = new Timings(Math.Max(10, runs / 4));
        await allDue.RunAsync(new()
        {
            ["primary-key read"] = (() => ReadOneAsync(app, anyDelivery), null),
            ["due channels"] = (() => CheckDueAsync(store, [small, big]), null),
            ["claim 16, big channel"] = (() => ClaimCheckedAsync(store, big), () => ReleaseClaimsAsync(app, big)),
        });
        var report = new StringBuilder()
            .AppendLine(Line($"Claim benchmark: {rows:N0} deliveries on a tier-1 channel ({rows - due:N0} WaitingForQuota until {midnight:yyyy-MM-dd HH:mm} UTC, {due:N0} Queued and due)"))
            .AppendLine(Line($"  beside a channel waiting for quota with {SmallWaiting:N0} deliveries and none due, and a small channel with {SmallWaiting:N0} waiting and {SmallDue} due;"))
            .AppendLine(Line($"  seeded in {seedTime.Elapsed.TotalSeconds:0.0} s; {runs} runs each (median, p95); target under 5 ms median."))
            .AppendLine(Line($"  at the midnight the waiters were queued again in one statement: {requeued:N0} rows in {requeue.Elapsed.TotalMilliseconds:0} ms."))
            .AppendLine(Line($"  baseline, before the big broadcast ({2 * SmallWaiting + SmallDue:N0} deliveries open):"))
            .Append(before.Report("    "))
            .AppendLine(Line($"  with the big broadcast ({rows + 2 * SmallWaiting + SmallDue:N0} deliveries open):"))
            .Append(after.Report("    "))
            .AppendLine(Line($"  after the channel's midnight, had the broadcast been kept for days (all {rows:N0} of it due; {Math.Max(10, runs / 4)} runs):"))
            .Append(allDue.Report("    "))
            .Append(plans)
            .ToString();
        TestContext.Current.SendDiagnosticMessage(report);
        TestContext.Current.TestOutputHelper?.WriteLine(report);
        Console.WriteLine(report);

        Assert.Equal(new[] { small, big }, (await DueChannelsAsync(store)).Order());
        Assert.Equal(ClaimSize, await ClaimAsync(store, big));
        Assert.Equal(0, await ClaimAsync(store, quiet));
    }

    private static async Task CheckDueAsync(EngineStore store, int[] expected)
    {
        var channels = await DueChannelsAsync(store);
        if (channels.Count != expected.Length)
        {
            Assert.Fail($"Due channels: {string.Join(", ", channels)}; expected {string.Join(", ", expected)}.");
        }
    }

    private static async Task ClaimCheckedAsync(EngineStore store, int channelId) => Assert.Equal(ClaimSize, await ClaimAsync(store, channelId));

    private static async Task ReadOneAsync(ClaimBenchApp app, long id)
    {
        await using var db = await app.DbAsync();
        Assert.NotNull(await db.Deliveries.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, Ct));
    }

    private static async Task<long> FirstDeliveryAsync(ClaimBenchApp app, int channelId)
    {
        await using var db = await app.DbAsync();
        return await db.Deliveries.Where(d => d.ChannelId == channelId).MinAsync(d => d.Id, Ct);
    }

    /// <summary>Runs each call once, with Sqlite's plan for every statement it ran against the deliveries.</summary>
    private static async Task<string> PlansAsync(ClaimBenchApp app, EngineStore store, int big)
    {
        var text = new StringBuilder();
        foreach (var (name, call) in new (string, Func<Task>)[]
        {
            ("due channels (ChannelsWithWorkAsync)", () => DueChannelsAsync(store)),
            ("claim (ClaimAsync)", () => ClaimAsync(store, big)),
        })
        {
            app.Capture.Start();
            await call();
            var commands = app.Capture.Stop();
            await ReleaseClaimsAsync(app, big);
            text.AppendLine(Line($"  EXPLAIN QUERY PLAN, {name}: {commands.Count} statement(s)"));
            await using var db = await app.DbAsync();
            foreach (var command in commands)
            {
                text.AppendLine("    SQL: " + string.Join(" ", command.Sql.Split((char[])['\r', '\n'], StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim())));
                text.Append(await PlanAsync(db, command, "      "));
            }
        }

        return text.ToString();
    }

    private static async Task<string> PlanAsync(AppDbContext db, CapturedCommand command, string indent)
    {
        await db.Database.OpenConnectionAsync(Ct);
        await using var explain = (SqliteCommand)db.Database.GetDbConnection().CreateCommand();
        explain.CommandText = "EXPLAIN QUERY PLAN " + command.Sql;
        foreach (var (name, value) in command.Parameters)
        {
            explain.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        var depth = new Dictionary<long, int> { [0] = 0 };
        var text = new StringBuilder();
        await using var reader = await explain.ExecuteReaderAsync(Ct);
        while (await reader.ReadAsync(Ct))
        {
            var id = reader.GetInt64(0);
            var level = depth.GetValueOrDefault(reader.GetInt64(1)) + 1;
            depth[id] = level;
            text.Append(indent).Append(' ', 2 * (level - 1)).AppendLine(reader.GetString(3));
        }

        return text.ToString();
    }

    /// <summary>
    /// A channel (tier 1, Asia/Shanghai) with one broadcast in <paramref name="state"/>: <paramref name="waiting"/> deliveries
    /// WaitingForQuota until <paramref name="midnight"/>, then <paramref name="due"/> Queued with no time set; its recipients
    /// opted in and wrote today. Plain SQL in one transaction.
    /// </summary>
    private static async Task<int> SeedChannelAsync(ClaimBenchApp app, int number, string name, BroadcastState state, int waiting, int due, DateTime midnight)
    {
        var now = DateTime.UtcNow;
        await using var db = await app.DbAsync();
        var channel = new Channel
        {
            BotPhone = "+86138" + number.ToString("D8", CultureInfo.InvariantCulture), Name = name, TimeZone = "Asia/Shanghai",
            Tier = 1, CreatedUtc = now,
        };
        db.Channels.Add(channel);
        await db.SaveChangesAsync(Ct);
        var broadcast = new Broadcast
        {
            ChannelId = channel.Id, Template = "Hello {{name}}", Audience = "All eligible", CreatedById = "bench", CreatedByName = "bench",
            CreatedUtc = now, StartedUtc = now, ExpiresUtc = midnight, State = state, Total = waiting + due,
        };
        db.Broadcasts.Add(broadcast);
        await db.SaveChangesAsync(Ct);

        await using var tx = await db.Database.BeginTransactionAsync(Ct);
        var count = waiting + due;
        var first = await ExecuteAsync(db, """
            WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < $count)
            INSERT INTO Recipients (Phone, Name, OptIn, CreatedUtc, AttributesJson)
            SELECT printf('+86%d%09d', $channel + 150, i), 'User ' || i, 'OptedIn', $now, '{}' FROM n;
            SELECT last_insert_rowid() - $count + 1;
            """, ("$count", count), ("$channel", channel.Id), ("$now", now));
        await ExecuteAsync(db, """
            INSERT INTO RecipientActivity (RecipientId, ChannelId, LastInboundUtc)
            SELECT Id, $channel, $now FROM Recipients WHERE Id >= $first;
            WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < $count)
            INSERT INTO Deliveries (BroadcastId, ChannelId, RecipientId, Phone, MessageId, Text, Sequence, State, Attempts, NextAttemptUtc)
            SELECT $broadcast, $channel, $first + i, printf('+86%d%09d', $channel + 150, i), printf('bench-%d-%d', $broadcast, i),
                'Hello User ' || i, i, CASE WHEN i < $waiting THEN 'WaitingForQuota' ELSE 'Queued' END, 0,
                CASE WHEN i < $waiting THEN $midnight END
            FROM n;
            SELECT 0;
            """, ("$count", count), ("$channel", channel.Id), ("$now", now), ("$first", first), ("$broadcast", broadcast.Id),
            ("$waiting", waiting), ("$midnight", midnight));
        await tx.CommitAsync(Ct);
        return channel.Id;
    }

    private static async Task<long> ExecuteAsync(AppDbContext db, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = (SqliteCommand)db.Database.GetDbConnection().CreateCommand();
        command.Transaction = (SqliteTransaction)db.Database.CurrentTransaction!.GetDbTransaction();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return (long)(await command.ExecuteScalarAsync(Ct))!;
    }

    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v > 0 ? v : fallback;

    private static string Line(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    /// <summary>Each named call timed once per run, the calls interleaved so a noisy moment touches them all alike.</summary>
    private sealed class Timings(int runs)
    {
        private readonly Dictionary<string, double[]> _times = [];

        /// <param name="calls">Each call, timed, with what undoes it, untimed (or null).</param>
        public async Task RunAsync(Dictionary<string, (Func<Task> Call, Func<Task>? Undo)> calls)
        {
            foreach (var (call, undo) in calls.Values)
            {
                for (var i = 0; i < 5; i++)
                {
                    await call();
                    await (undo?.Invoke() ?? Task.CompletedTask);
                }
            }

            foreach (var name in calls.Keys)
            {
                _times[name] = new double[runs];
            }

            for (var run = 0; run < runs; run++)
            {
                foreach (var (name, (call, undo)) in calls)
                {
                    var started = Stopwatch.GetTimestamp();
                    await call();
                    _times[name][run] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    await (undo?.Invoke() ?? Task.CompletedTask);
                }
            }
        }

        public string Report(string indent)
        {
            var text = new StringBuilder();
            foreach (var (name, times) in _times)
            {
                var sorted = times.Order().ToArray();
                text.AppendLine(Line($"{indent}{name,-26} median {sorted[sorted.Length / 2],7:0.00} ms, p95 {sorted[(int)Math.Ceiling(sorted.Length * 0.95) - 1],7:0.00} ms"));
            }

            return text.ToString();
        }
    }

    internal sealed record CapturedCommand(string Sql, (string Name, object? Value)[] Parameters);

    /// <summary>Records the statements sent to Sqlite while armed (the engine's reads and its writer's statements).</summary>
    internal sealed class CommandCapture : DbCommandInterceptor
    {
        private List<CapturedCommand>? _commands;

        public void Start() => _commands = [];

        public List<CapturedCommand> Stop()
        {
            var commands = _commands ?? [];
            _commands = null;
            lock (commands)
            {
                return commands.Where(c => c.Sql.Contains("\"Deliveries\"", StringComparison.Ordinal)).ToList();
            }
        }

        public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
        {
            Record(command);
            return result;
        }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Record(command);
            return ValueTask.FromResult(result);
        }

        public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
        {
            Record(command);
            return result;
        }

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            Record(command);
            return ValueTask.FromResult(result);
        }

        private void Record(DbCommand command)
        {
            var commands = _commands;
            if (commands is null)
            {
                return;
            }

            lock (commands)
            {
                commands.Add(new CapturedCommand(command.CommandText,
                    command.Parameters.Cast<DbParameter>().Select(p => (p.ParameterName, (object?)p.Value)).ToArray()));
            }
        }
    }

    /// <summary>The app with the engine off (the benchmark calls its store itself) and pooled connections, as deployed.</summary>
    internal sealed class ClaimBenchApp : TestApp
    {
        public CommandCapture Capture { get; } = new();

        protected override IDictionary<string, string?> Settings
        {
            get
            {
                var s = base.Settings;
                s["ConnectionStrings:Default"] = s["ConnectionStrings:Default"]!.Replace(";Pooling=False", "", StringComparison.Ordinal);
                return s;
            }
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(s => s.ConfigureDbContext<AppDbContext>(o => o.AddInterceptors(Capture)));
        }

        public Task<AppDbContext> DbAsync() =>
            Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(Ct);
    }
}
