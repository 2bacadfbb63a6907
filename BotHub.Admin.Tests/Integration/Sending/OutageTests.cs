using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using BotHub.Admin.Features.Broadcasts;
using BotHub.Admin.Features.Provider.Sandbox;
using BotHub.Admin.Features.Sending;
using BotHub.Admin.Tests.Contract;
using BotHub.Admin.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static BotHub.Admin.Tests.Infrastructure.OutOfProcessApp;

namespace BotHub.Admin.Tests.Integration.Sending;

/// <summary>
/// A provider outage mid-send. As in the crash test, the app runs as its own process (<see cref="AppProcess"/>, set up
/// by <see cref="OutOfProcessApp"/>) in Bsp:Mode Live against a sandbox in the test process; here the app reaches the sandbox through a
/// <see cref="ProviderGate"/>. Once a third of the users have been accepted, the gate closes: the provider's port
/// refuses connections and the connections it had are reset, for 45 s; then the provider is back on the same port.
/// An outage must cost no message: no delivery fails, every user is reached exactly once by the provider's record,
/// and while the provider is away the app only probes it, at most one request every few seconds.
/// </summary>
public sealed partial class OutageTests
{
    private const int Users = 200;
    private const string Bot = "+8613700009101";
    private const string ApiKey = "sk-outage-test-0123456789abcdef";
    private static readonly LiveChannel Channel = new(Bot, "Outage bot", ApiKey, "whsec-outage-test-0123456789abcdef");

    /// <summary>The spec's pacing: the app 20/s holding 20, the provider (the sandbox's default) 20/s holding 40.</summary>
    private const int AppRate = 20;

    /// <summary>After the outage's first seconds, no 5 s window may hold more requests than this.</summary>
    private const int MaxRequestsPer5s = 2;

    /// <summary>The outage's first seconds, when the requests already under way fail and the app notices.</summary>
    private static readonly TimeSpan Settling = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan Window = TimeSpan.FromSeconds(5);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>45 s; BOTHUB_OUTAGE_SECONDS changes it (e.g. to try a longer one by hand).</summary>
    private static TimeSpan Outage { get; } = TimeSpan.FromSeconds(
        int.TryParse(Environment.GetEnvironmentVariable("BOTHUB_OUTAGE_SECONDS"), NumberStyles.None, CultureInfo.InvariantCulture, out var s) && s > 0 ? s : 45);

    [Fact]
    public async Task ProviderRefusesConnectionsFor45sMidSend_NoDeliveryFails_EveryUserReachedOnce_AndTheAppOnlyProbesMeanwhile()
    {
        var watch = Stopwatch.StartNew();
        var log = TestContext.Current.TestOutputHelper;
        var folder = Directory.CreateTempSubdirectory("bothub-outage-").FullName;
        var database = Path.Combine(folder, "bothub.db");
        var zone = EngineTestApp.NoonZone();
        AppProcess? app = null;
        try
        {
            await using var sandbox = await SandboxTestServer.StartAsync(new SandboxOptions());
            await using var gate = ProviderGate.Start(sandbox.Server.BaseUrl);
            sandbox.Channels.Set(new SandboxChannel(Bot, [ApiKey], 1, TimeZoneInfo.FindSystemTimeZoneById(zone)));
            // Quick retries, as in the crash test; Sending:MaxAttempts stays at its default (5): an outage must cost no
            // message even with the normal budget.
            var settings = Settings(gate.BaseUrl, zone, Channel, AppRate, new Dictionary<string, string>(StringComparer.Ordinal)
            {
                // Every request the app starts, with its time: how the test sees the requests a closed port refused.
                ["Logging:LogLevel:System.Net.Http.HttpClient"] = "Information",
                ["Logging:Console:FormatterOptions:UseUtcTimestamp"] = "true",
                ["Logging:Console:FormatterOptions:TimestampFormat"] = "yyyy-MM-dd'T'HH:mm:ss.fff'Z' ",
                ["Bsp:RequestTimeout"] = "00:00:10",
            });
            var users = Phones("+86136", Users);
            var broadcastId = await SeedAsync(settings, database, sandbox, Bot, users, "Hello from the outage test");
            var seeded = watch.Elapsed;

            // Answers take 20 to 40 ms, so the outage finds requests under way.
            sandbox.Faults.Settings = new SandboxFaultSettings { LatencyMeanMs = 30, LatencySpreadMs = 10 };

            app = Process(settings, database);
            await app.StartEngineAsync();
            var engineUp = watch.Elapsed;

            // The outage: once a third of the users have been accepted.
            await WaitForAsync(() => sandbox.Provider.AcceptedSends(Bot).Count >= Users / 3, "a third of the users accepted", app, TimeSpan.FromSeconds(90));
            gate.Close();
            var down = DateTime.UtcNow;
            var outage = Stopwatch.StartNew();
            var acceptedAtDown = sandbox.Provider.AcceptedSends(Bot).Count;
            var requestsAtDown = sandbox.Provider.Stats().Channels[Bot].Requests;
            log?.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"provider gone at {down:HH:mm:ss.fff} ({(watch.Elapsed - engineUp).TotalSeconds:0.0} s after the engine started): "
                + $"{acceptedAtDown}/{Users} accepted, {requestsAtDown} requests so far; port {gate.Port} refuses connections for {Outage.TotalSeconds:0} s"));

            // While it is away: the deliveries' states every 5 s.
            var timeline = new StringBuilder();
            var nextSample = TimeSpan.Zero;
            while (outage.Elapsed < Outage)
            {
                if (outage.Elapsed >= nextSample)
                {
                    timeline.Append(CultureInfo.InvariantCulture, $"  +{outage.Elapsed.TotalSeconds,4:0} s: {(await StatesAsync(database, broadcastId)).States}\n");
                    nextSample += Window;
                }

                Assert.True(app.IsRunning, "The app ended during the outage.");
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(250, Math.Max(1, (Outage - outage.Elapsed).TotalMilliseconds))), Ct);
            }

            gate.Open();
            var up = DateTime.UtcNow;
            var acceptedDuringOutage = sandbox.Provider.AcceptedSends(Bot).Count - acceptedAtDown;
            log?.WriteLine($"during the outage, deliveries by state:\n{timeline}provider back at {up:HH:mm:ss.fff} on the same port");

            var (done, last) = await WaitUntilDoneAsync(database, broadcastId, () => sandbox.Provider.Stats().Channels[Bot].Requests, app,
                TimeSpan.FromSeconds(30));
            var finished = watch.Elapsed;
            await app.KillAsync();

            // What the provider recorded, what the app did, and what it tried while the provider was away.
            var sends = sandbox.Provider.AcceptedSends(Bot);
            var stats = sandbox.Provider.Stats().Channels[Bot];
            var (final, alreadyProcessed) = await FinalAsync(database, broadcastId);
            List<DeliveryAttempt> recorded;
            await using (var db = Db(database))
            {
                var ids = final.Select(d => d.Id).ToList();
                recorded = await db.DeliveryAttempts.AsNoTracking().Where(a => ids.Contains(a.DeliveryId) && a.AtUtc >= down && a.AtUtc < up).ToListAsync(Ct);
            }

            var requests = Requests(app.Output, gate.Port);
            var before = requests.Count(r => r.AtUtc < down);
            var during = requests.Where(r => r.AtUtc >= down && r.AtUtc < up).Select(r => (At: r.AtUtc - down, r.Kind)).ToList();
            var busiest = Busiest(during.Select(r => r.At), TimeSpan.Zero);
            var busiestSettled = Busiest(during.Select(r => r.At), Settling);
            var firstAfter = sends.Where(s => s.AtUtc.UtcDateTime >= up).Select(s => (TimeSpan?)(s.AtUtc.UtcDateTime - up)).Min();

            var text = new StringBuilder();
            text.Append(CultureInfo.InvariantCulture,
                $"requests the app started while the provider was away ({Outage.TotalSeconds:0} s): {during.Count} "
                + $"({during.Count(r => r.Kind == "check")} checks, {during.Count(r => r.Kind == "send")} sends, {during.Count(r => r.Kind == "other")} other); "
                + $"busiest 5 s window {busiest.Count} (from +{busiest.From.TotalSeconds:0.0} s); after the first {Settling.TotalSeconds:0} s, "
                + $"busiest 5 s window {busiestSettled.Count} (from +{busiestSettled.From.TotalSeconds:0.0} s)\n");
            text.Append("  per second: ").AppendJoin(' ', Enumerable.Range(0, (int)Math.Ceiling(Outage.TotalSeconds))
                .Select(second => during.Count(r => (int)r.At.TotalSeconds == second).ToString(CultureInfo.InvariantCulture))).Append('\n');
            text.Append("  times (s after the provider went away): ")
                .AppendJoin(' ', during.Take(120).Select(r => string.Create(CultureInfo.InvariantCulture, $"+{r.At.TotalSeconds:0.000}{r.Kind[0]}")))
                .Append(during.Count > 120 ? $" ... and {during.Count - 120} more" : "").Append('\n');
            var latencies = recorded.Select(a => a.LatencyMs).Order().ToList();
            text.Append(CultureInfo.InvariantCulture,
                $"attempts the app recorded during the outage: {recorded.Count} "
                + $"({string.Join(", ", recorded.GroupBy(a => (a.Outcome, a.Code)).OrderByDescending(g => g.Count()).Select(g => $"{g.Key.Outcome} {g.Key.Code}: {g.Count()}"))}), "
                + $"answered in {(latencies.Count == 0 ? "-" : $"{latencies[latencies.Count / 2]} ms (median), {latencies[^1]} ms (max)")}\n");
            foreach (var g in recorded.GroupBy(a => Shorten(a.ProviderMessage)).OrderByDescending(g => g.Count()).Take(3))
            {
                text.Append(CultureInfo.InvariantCulture, $"  {g.Count()} × {g.Key}\n");
            }

            var perUser = sends.GroupBy(s => s.To).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
            text.Append(CultureInfo.InvariantCulture,
                $"sends accepted per user: {string.Join(", ", users.GroupBy(u => perUser.GetValueOrDefault(u)).OrderBy(g => g.Key).Select(g => $"{g.Count()} users {g.Key}×"))}; "
                + $"{sends.Count} sends accepted in all, {sends.Select(s => s.Id).Distinct(StringComparer.Ordinal).Count()} distinct ids, "
                + $"{acceptedDuringOutage} accepted during the outage\n");
            var notDone = done ? "" : $" (not done: {last})";
            text.Append(CultureInfo.InvariantCulture,
                $"deliveries at the end: {string.Join(", ", final.GroupBy(d => d.State).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count()}"))}{notDone}\n");
            foreach (var g in final.Where(d => d.State == DeliveryState.Failed).GroupBy(d => (d.LastCode, d.Attempts, Message: Shorten(d.LastMessage)))
                         .OrderByDescending(g => g.Count()))
            {
                text.Append(CultureInfo.InvariantCulture, $"  failed: {g.Count()} with {g.Key.LastCode} after {g.Key.Attempts} attempts: {g.Key.Message}\n");
            }

            text.Append(CultureInfo.InvariantCulture,
                $"after the outage: first send accepted {(firstAfter is { } f ? $"{f.TotalSeconds:0.0} s" : "never")} after the provider came back; "
                + $"{alreadyProcessed} answers 10011 (already processed) recorded; provider: {stats.Requests} requests ({stats.Checks} checks, "
                + $"{stats.Refused} refused, {stats.Faults} faults), busiest second {stats.BusiestSecond}, {stats.RateViolations} rate violations; "
                + $"gate forwarded {gate.Connections} connections; the app's log shows {requests.Count} requests ({before} before the outage, "
                + $"the provider had {requestsAtDown}); seeding {seeded.TotalSeconds:0.0} s, done {(finished - engineUp).TotalSeconds:0.0} s after "
                + $"the engine started, whole test {watch.Elapsed.TotalSeconds:0.0} s");
            log?.WriteLine(text.ToString());

            // The requests during the outage are counted from the app's log: it must show them (the provider had all it sent before).
            Assert.True(before >= requestsAtDown,
                $"The app's log shows {before} requests before the outage but the provider had {requestsAtDown}: the log does not show every request.");

            // An outage costs nothing: no delivery failed, each one was sent, and by the provider's record every user got
            // the broadcast exactly once, under its one message id.
            Assert.Empty(final.Where(d => d.State == DeliveryState.Failed).Select(d => $"{d.Phone}: {d.LastCode} {d.LastMessage}"));
            Assert.True(done, $"The broadcast did not complete: {last}.");
            Assert.Equal(Users, final.Count);
            Assert.All(final, d => Assert.Equal(DeliveryState.Sent, d.State));
            Assert.Empty(sends.GroupBy(s => s.To).Where(g => g.Count() > 1).Select(g => g.Key));
            Assert.Empty(sends.GroupBy(s => s.Id).Where(g => g.Count() > 1).Select(g => g.Key));
            Assert.Equal(users.Order(StringComparer.Ordinal), sends.Select(s => s.To).Order(StringComparer.Ordinal));
            var toOf = final.Where(d => d.MessageId is not null).ToDictionary(d => d.MessageId!, d => d.Phone, StringComparer.Ordinal);
            Assert.All(sends, s => Assert.Equal(toOf.GetValueOrDefault(s.Id), s.To));

            // While the provider was away the app only probed it: after the first seconds, at most a request every few seconds.
            Assert.True(busiestSettled.Count <= MaxRequestsPer5s, string.Create(CultureInfo.InvariantCulture,
                $"{busiestSettled.Count} requests within 5 s from +{busiestSettled.From.TotalSeconds:0.0} s of the outage (at most {MaxRequestsPer5s} after the first {Settling.TotalSeconds:0} s)."));
            Assert.True(during.Count > 0, "No request during the outage: the app did not probe the provider.");
        }
        catch
        {
            if (app is not null)
            {
                log?.WriteLine("The app's output (its HttpClient lines left out):\n"
                    + string.Join('\n', app.Output.Split('\n').Where(l => !l.Contains("System.Net.Http.HttpClient", StringComparison.Ordinal))));
            }

            throw;
        }
        finally
        {
            app?.Dispose();
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>
    /// Every request the app started to the provider (on <paramref name="port"/>), from its HttpClient's log line
    /// "Start processing HTTP request", written before the connection is even tried; time from the app's own stamp.
    /// </summary>
    private static List<(DateTime AtUtc, string Kind)> Requests(string output, int port)
    {
        var authority = $"127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/";
        return RequestLine().Matches(output)
            .Where(m => m.Groups["url"].Value.Contains(authority, StringComparison.Ordinal))
            .Select(m => (DateTime.ParseExact(m.Groups["at"].Value, "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture,
                    DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal),
                m.Groups["url"].Value.EndsWith("/messages", StringComparison.Ordinal) ? "send"
                : m.Groups["url"].Value.Contains("/contacts/check", StringComparison.Ordinal) ? "check" : "other"))
            .OrderBy(r => r.Item1)
            .ToList();
    }

    [GeneratedRegex(@"(?<at>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z) info: System\.Net\.Http\.HttpClient\.\S*LogicalHandler\[\d+\] Start processing HTTP request \w+ (?<url>\S+)")]
    private static partial Regex RequestLine();

    /// <summary>The most requests in any 5 s window that starts at or after <paramref name="from"/>, and where it starts.</summary>
    private static (int Count, TimeSpan From) Busiest(IEnumerable<TimeSpan> times, TimeSpan from)
    {
        var sorted = times.Order().ToList();
        var best = (Count: 0, From: from);
        for (var i = 0; i < sorted.Count; i++)
        {
            if (sorted[i] < from)
            {
                continue;
            }

            var n = sorted.Skip(i).TakeWhile(t => t < sorted[i] + Window).Count();
            if (n > best.Count)
            {
                best = (n, sorted[i]);
            }
        }

        return best;
    }

    private static string Shorten(string? message) => message is null ? "" : message.Length <= 120 ? message : message[..120] + "...";
}
