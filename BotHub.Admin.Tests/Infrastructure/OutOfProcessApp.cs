using System.Diagnostics;
using System.Globalization;
using BotHub.Admin.Data;
using BotHub.Admin.Features.Audit;
using BotHub.Admin.Features.Broadcasts;
using BotHub.Admin.Features.Compose;
using BotHub.Admin.Features.Provider;
using BotHub.Admin.Features.Recipients;
using BotHub.Admin.Features.Sending;
using BotHub.Admin.Tests.Contract;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using BotHub.Admin.Features.Channels;

namespace BotHub.Admin.Tests.Infrastructure;

/// <summary>
/// What the crash and outage tests share: the app as its own process (<see cref="AppProcess"/>) in Bsp:Mode Live
/// against a sandbox that lives in the test process, with one configured channel; a database seeded by the app in this
/// process (its engine off); and reads of that database while the app's process writes it.
/// </summary>
public static class OutOfProcessApp
{
    /// <summary>The line the app's engine writes once it runs.</summary>
    public const string EngineStarted = "Sending engine started";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// The settings the seeding app and the app's process share (as configuration keys): production, its engine's log
    /// on the console one line each, Live mode against <paramref name="provider"/>, the one channel paced at
    /// <paramref name="rate"/>/s holding as many, the engine on with quick retries, the key ring encrypted with
    /// <see cref="TestCertificate.Shared"/>; then <paramref name="extra"/>, which
    /// adds to or replaces any of these.
    /// </summary>
    public static Dictionary<string, string> Settings(Uri provider, string zone, LiveChannel channel, int rate,
        IReadOnlyDictionary<string, string> extra)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
            ["Bootstrap:AdminEmail"] = TestApp.AdminEmail,
            ["Bootstrap:AdminPassword"] = TestApp.AdminPassword,
            ["Auth:RequireMfaFor"] = "", // Production requires it of Admins by default; these tests are about the engine
            ["Demo:Seed"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:BotHub.Admin.Features.Sending.SendingEngine"] = "Information",
            ["Logging:Console:FormatterName"] = "simple",
            ["Logging:Console:FormatterOptions:SingleLine"] = "true",
            ["Logging:Console:FormatterOptions:TimestampFormat"] = "HH:mm:ss.fff ",
            ["Logging:Console:FormatterOptions:ColorBehavior"] = "Disabled",
            ["Bsp:Mode"] = "Live",
            ["Bsp:BaseUrl"] = provider.ToString(),
            ["Bsp:Channels:0:BotPhone"] = channel.Bot,
            ["Bsp:Channels:0:Name"] = channel.Name,
            ["Bsp:Channels:0:TimeZone"] = zone,
            ["Bsp:Channels:0:Tier"] = "1",
            ["Bsp:Channels:0:ApiKey"] = channel.ApiKey,
            ["Bsp:Channels:0:WebhookSecret"] = channel.WebhookSecret,
            ["Bsp:Channels:0:RatePerSecond"] = rate.ToString(CultureInfo.InvariantCulture),
            ["Bsp:Channels:0:Burst"] = rate.ToString(CultureInfo.InvariantCulture),
            ["Sending:Enabled"] = "true",
            ["Sending:IdlePoll"] = "00:00:00.100",
            ["Sending:FirstRetryDelay"] = "00:00:00.200",
            ["Sending:MaxRetryDelay"] = "00:00:01",
        };
        // Production wants its key ring encrypted; the seeding app in this process shares the certificate (its keys are the app's).
        foreach (var (key, value) in TestCertificate.Settings(TestCertificate.Shared))
        {
            settings[key] = value;
        }

        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        return settings;
    }

    /// <summary>The app's process on <paramref name="settings"/> (as environment variables) and the database, pooled as deployed.</summary>
    public static AppProcess Process(Dictionary<string, string> settings, string database)
    {
        var environment = settings.ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value, StringComparer.Ordinal);
        environment["ConnectionStrings__Default"] = $"Data Source={database}";
        return new AppProcess(environment);
    }

    /// <summary>Starts the app anew and waits until its engine runs.</summary>
    public static async Task StartEngineAsync(this AppProcess app)
    {
        app.Start();
        await app.WaitForOutputAsync(EngineStarted, TimeSpan.FromSeconds(60), Ct);
    }

    /// <summary>
    /// The app in this process, its engine off, on the same database and channel: it migrates and syncs the channel.
    /// <paramref name="users"/> write to the bot through the sandbox (which then knows they wrote today) and the app
    /// holds what its webhook would have stored (opted in, wrote now: one batch, far quicker than a request each); then a
    /// text broadcast of <paramref name="body"/> to them all, as the composer makes it. Returns the broadcast's id.
    /// </summary>
    public static async Task<int> SeedAsync(Dictionary<string, string> settings, string database, SandboxTestServer sandbox,
        string bot, IReadOnlyList<string> users, string body)
    {
        // Pooled while seeding (a closed unpooled connection checkpoints the WAL each time: far slower), then let go.
        var connectionString = $"Data Source={database}";
        var broadcastId = await SeedPooledAsync(settings, connectionString, sandbox, bot, users, body);
        using (var connection = new SqliteConnection(connectionString))
        {
            SqliteConnection.ClearPool(connection);
        }

        return broadcastId;
    }

    private static async Task<int> SeedPooledAsync(Dictionary<string, string> settings, string connectionString, SandboxTestServer sandbox,
        string bot, IReadOnlyList<string> users, string body)
    {
        await using var seeder = new SeedApp(settings, connectionString);
        foreach (var user in users)
        {
            var reply = await sandbox.WritesAsync(bot, user);
            Assert.True(reply.Status == 200, reply.Raw);
        }

        int channelId;
        await using (var db = await seeder.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(Ct))
        {
            channelId = await db.Channels.Where(c => c.BotPhone == bot).Select(c => c.Id).SingleAsync(Ct);
            var messages = sandbox.Inbound.Messages;
            var recipients = messages.Select(m => new Recipient
            {
                Phone = m.From, Name = m.Name, OptIn = OptInStatus.OptedIn, OptInSource = OptInSource.Inbound,
                OptInChangedUtc = m.At.UtcDateTime, CreatedUtc = m.At.UtcDateTime,
            }).ToList();
            db.Recipients.AddRange(recipients);
            await db.SaveChangesAsync(Ct);
            foreach (var (m, r) in messages.Zip(recipients))
            {
                db.InboundMessages.Add(new InboundMessage
                {
                    ChannelId = channelId, ProviderMessageId = m.Id, RecipientId = r.Id, From = m.From, Name = m.Name, Text = m.Text,
                    SentUtc = m.At.UtcDateTime, ReceivedUtc = m.At.UtcDateTime,
                });
                db.RecipientActivity.Add(new RecipientChannelActivity { RecipientId = r.Id, ChannelId = channelId, LastInboundUtc = m.At.UtcDateTime });
            }

            await db.SaveChangesAsync(Ct);
        }

        var result = await seeder.Services.GetRequiredService<BroadcastCreator>().CreateAsync(new ComposeModel
        {
            ChannelId = channelId,
            Message = new ComposedMessage { Type = "text", Body = body },
            Audience = new AudienceChoice { Mode = AudienceMode.Pasted, Pasted = string.Join('\n', users) },
        }, new AuditActor("user-1", "staff@test.local", "127.0.0.1"), Ct);
        Assert.True(result.Created, result.Error?.ToString());
        return result.BroadcastId!.Value;
    }

    /// <summary><paramref name="count"/> users' phone numbers: <paramref name="prefix"/> and 8 digits.</summary>
    public static string[] Phones(string prefix, int count) =>
        Enumerable.Range(0, count).Select(i => prefix + i.ToString("D8", CultureInfo.InvariantCulture)).ToArray();

    /// <summary>A context on the database, unpooled (the app's process writes it meanwhile).</summary>
    public static AppDbContext Db(string database) => new(new DbContextOptionsBuilder<AppDbContext>()
        .UseSqlite($"Data Source={database};Pooling=False").AddInterceptors(new SqlitePragmas()).Options);

    /// <summary>The broadcast's deliveries at the end, and how many answers 10011 (already processed) the app recorded for them.</summary>
    public static async Task<(List<Delivery> Deliveries, int AlreadyProcessed)> FinalAsync(string database, int broadcastId)
    {
        await using var db = Db(database);
        var final = await db.Deliveries.AsNoTracking().Where(d => d.BroadcastId == broadcastId).ToListAsync(Ct);
        var ids = final.Select(d => d.Id).ToList();
        var alreadyProcessed = await db.DeliveryAttempts.CountAsync(a => ids.Contains(a.DeliveryId) && a.Outcome == OutcomeKind.AlreadyProcessed, Ct);
        return (final, alreadyProcessed);
    }

    /// <summary>The broadcast's state and its deliveries' counts by state, as a line; done when it is completed and each delivery ended.</summary>
    public static async Task<(bool Done, string States)> StatesAsync(string database, int broadcastId)
    {
        await using var db = Db(database);
        var states = await db.Deliveries.Where(d => d.BroadcastId == broadcastId).GroupBy(d => d.State)
            .Select(g => new { g.Key, Count = g.Count() }).ToListAsync(Ct);
        var broadcast = await db.Broadcasts.Where(b => b.Id == broadcastId).Select(b => b.State).SingleAsync(Ct);
        var done = broadcast == BroadcastState.Completed
            && states.All(x => x.Key is DeliveryState.Sent or DeliveryState.Failed or DeliveryState.Excluded);
        return (done, $"broadcast {broadcast}; deliveries {string.Join(", ", states.OrderBy(x => x.Key).Select(x => $"{x.Key} {x.Count}"))}");
    }

    /// <summary>
    /// Waits until the broadcast is completed and each of its deliveries is sent, failed or excluded; gives up (returns
    /// false with the last states) when the app ends, after two minutes, or when nothing moved (no delivery changed
    /// state, no request reached the provider) for <paramref name="still"/>.
    /// </summary>
    public static async Task<(bool Done, string Last)> WaitUntilDoneAsync(string database, int broadcastId, Func<long> providerRequests,
        AppProcess app, TimeSpan still)
    {
        var deadline = Stopwatch.GetTimestamp() + 120 * Stopwatch.Frequency;
        var lastMove = Stopwatch.GetTimestamp();
        var last = "";
        while (true)
        {
            var (done, states) = await StatesAsync(database, broadcastId);
            if (done)
            {
                return (true, "");
            }

            var now = string.Create(CultureInfo.InvariantCulture, $"{states}; provider requests {providerRequests()}");
            if (now != last)
            {
                (last, lastMove) = (now, Stopwatch.GetTimestamp());
            }

            if (!app.IsRunning)
            {
                return (false, $"the app ended: {now}");
            }

            if (Stopwatch.GetElapsedTime(lastMove) > still)
            {
                return (false, $"nothing moved for {still.TotalSeconds:0} s: {now}");
            }

            if (Stopwatch.GetTimestamp() > deadline)
            {
                return (false, $"still not done after 120 s: {now}");
            }

            await Task.Delay(100, Ct);
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds; fails when the app ends or the time runs out.</summary>
    public static async Task WaitForAsync(Func<bool> condition, string what, AppProcess app, TimeSpan timeout)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (!condition())
        {
            Assert.True(app.IsRunning, $"The app ended while waiting for {what}.");
            Assert.True(Stopwatch.GetTimestamp() < deadline, $"Timed out after {timeout.TotalSeconds:0} s waiting for {what}.");
            await Task.Delay(5, Ct);
        }
    }

    /// <summary>The app in this process for the set-up only: its engine is off.</summary>
    private sealed class SeedApp(Dictionary<string, string> shared, string connectionString) : TestApp
    {
        protected override IDictionary<string, string?> Settings
        {
            get
            {
                var s = base.Settings;
                foreach (var (key, value) in shared.Where(kv => kv.Key.Contains(':', StringComparison.Ordinal)))
                {
                    s[key] = value;
                }

                s["ConnectionStrings:Default"] = connectionString;
                s["Sending:Enabled"] = "false";
                return s;
            }
        }
    }
}

/// <summary>The one channel the app is configured with, as the sandbox knows it too.</summary>
public sealed record LiveChannel(string Bot, string Name, string ApiKey, string WebhookSecret);
