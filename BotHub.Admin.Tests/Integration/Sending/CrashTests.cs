using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using BotHub.Admin.Features.Broadcasts;
using BotHub.Admin.Features.Provider.Sandbox;
using BotHub.Admin.Tests.Contract;
using BotHub.Admin.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static BotHub.Admin.Tests.Infrastructure.OutOfProcessApp;
using BotHub.Admin.Features.Sending;

namespace BotHub.Admin.Tests.Integration.Sending;

/// <summary>
/// A crash mid-send. The app runs as its own process (<see cref="AppProcess"/>, set up by <see cref="OutOfProcessApp"/>)
/// in Bsp:Mode Live against a sandbox that lives in the test process, so the provider's record survives every crash.
/// The test kills the app with SIGKILL at random moments while it sends, several times, starts it again each time, and
/// lets the last start finish. By the sandbox's record no user got the broadcast twice, and every delivery ended sent,
/// failed or excluded.
/// </summary>
public sealed partial class CrashTests
{
    private const int Users = 300;
    private const int Kills = 5;
    private const int Seed = 20260302;
    private const string Bot = "+8613700009001";
    private const string ApiKey = "sk-crash-test-0123456789abcdef";
    private static readonly LiveChannel Channel = new(Bot, "Crash bot", ApiKey, "whsec-crash-test-0123456789abcdef");

    // The app paces itself at 50 requests/s holding 50; the provider allows 50/s holding 100: the spec's 20/20 against
    // 20/40, scaled so that a test of 600 requests (a check and a send per new user) takes seconds.
    private const int AppRate = 50;
    private const int ProviderRate = 50;
    private const int ProviderBucket = 100;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SigkillMidSend_SeveralTimes_NoUserGetsTheBroadcastTwice_AndEveryDeliveryEndsSentFailedOrExcluded()
    {
        var watch = Stopwatch.StartNew();
        var log = TestContext.Current.TestOutputHelper;
        var folder = Directory.CreateTempSubdirectory("bothub-crash-").FullName;
        var database = Path.Combine(folder, "bothub.db");
        var zone = EngineTestApp.NoonZone();
        AppProcess? app = null;
        try
        {
            await using var sandbox = await SandboxTestServer.StartAsync(new SandboxOptions { BucketRate = ProviderRate, BucketSize = ProviderBucket });
            sandbox.Channels.Set(new SandboxChannel(Bot, [ApiKey], 1, TimeZoneInfo.FindSystemTimeZoneById(zone)));
            var settings = Settings(sandbox.Server.BaseUrl, zone, Channel, AppRate, new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["Bsp:RequestTimeout"] = "00:00:03",
                ["Bsp:AllowRateAboveProvider"] = "true", // this test's provider allows 50/s holding 100
                // A kill leaves deliveries claimed; they go out again once the lease (stretched by the request time-out for a
                // request that was out) runs out: short here, so the test does not wait for the default 30 s.
                ["Sending:ClaimLease"] = "00:00:01",
            });
            var users = Phones("+86135", Users);
            var broadcastId = await SeedAsync(settings, database, sandbox, Bot, users, "Hello from the crash test");
            var seeded = watch.Elapsed;

            // Every answer comes 20 to 40 ms after the provider has decided, so a kill finds requests the provider has
            // accepted but whose answers the app never read.
            sandbox.Faults.Settings = new SandboxFaultSettings { LatencyMeanMs = 30, LatencySpreadMs = 10 };

            // The app's own settings: the same database (pooled, as deployed) and channel; the engine on, with quick retries.
            app = Process(settings, database);

            var random = new Random(Seed);
            var runs = new List<Run>();
            for (var k = 1; k <= Kills; k++)
            {
                var acceptedBefore = sandbox.Provider.AcceptedSends(Bot).Count;
                var started = watch.Elapsed;
                await app.StartEngineAsync();
                var startUp = watch.Elapsed - started;

                // The moment: a random time after the provider accepted this start's first send (a fresh process takes a
                // second or so to get going: a moment counted from its start would often find nothing under way).
                await WaitForAsync(() => sandbox.Provider.AcceptedSends(Bot).Count > acceptedBefore || acceptedBefore == Users,
                    "the app's first accepted send after its start", app, TimeSpan.FromSeconds(30));
                var after = TimeSpan.FromMilliseconds(random.Next(0, 1200));
                await Task.Delay(after, Ct);
                await app.KillAsync();

                var accepted = sandbox.Provider.AcceptedSends(Bot);
                await using var db = Db(database);
                var deliveries = await db.Deliveries.AsNoTracking().Where(d => d.BroadcastId == broadcastId)
                    .Select(d => new { d.MessageId, d.State }).ToListAsync(Ct);
                var sentIds = deliveries.Where(d => d.State == DeliveryState.Sent).Select(d => d.MessageId).ToHashSet(StringComparer.Ordinal);
                var run = new Run(accepted.Count - acceptedBefore, accepted.Count,
                    InFlight: deliveries.Count(d => d.State is DeliveryState.Checking or DeliveryState.Sending),
                    AnswersLost: accepted.Count(a => !sentIds.Contains(a.Id)),
                    Sent: sentIds.Count);
                runs.Add(run);
                log?.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"kill {k}: engine up {startUp.TotalSeconds:0.0} s after the start (recovered {Recovered(app.Output).GetValueOrDefault(k, -1)}); "
                    + $"killed {after.TotalMilliseconds:0} ms after the first send accepted in its run; provider accepted {run.AcceptedInRun} in this "
                    + $"run ({run.AcceptedTotal}/{Users} in all); the app had {run.Sent} sent, {run.InFlight} in flight, {run.AnswersLost} accepted "
                    + $"but not recorded as sent"));
            }

            // The last start: no kill; it finishes the broadcast.
            var finalBefore = sandbox.Provider.AcceptedSends(Bot).Count;
            var finalStarted = watch.Elapsed;
            await app.StartEngineAsync();
            var finalStartUp = watch.Elapsed - finalStarted;
            // Fails when the app ends, after two minutes, or as soon as nothing has moved for 20 s, with the deliveries'
            // states: e.g. deliveries left in flight by a crash that nothing sends again.
            var (done, last) = await WaitUntilDoneAsync(database, broadcastId, () => sandbox.Provider.Stats().Channels[Bot].Requests, app,
                TimeSpan.FromSeconds(20));
            Assert.True(done, $"The broadcast did not complete: {last}.");
            var finalRun = watch.Elapsed - finalStarted;
            await app.KillAsync();

            // What the provider recorded, and what the app did.
            var sends = sandbox.Provider.AcceptedSends(Bot);
            var stats = sandbox.Provider.Stats().Channels[Bot];
            var (final, alreadyProcessed) = await FinalAsync(database, broadcastId);

            var recovered = Recovered(app.Output);
            log?.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"last start: engine up in {finalStartUp.TotalSeconds:0.0} s (recovered {recovered.GetValueOrDefault(Kills + 1, -1)}), "
                + $"done {finalRun.TotalSeconds:0.0} s after the start; provider accepted {sends.Count - finalBefore}; in all {Kills} kills, {app.Starts} starts, {sends.Count} sends accepted for "
                + $"{sends.Select(s => s.To).Distinct().Count()} users, {final.Count(d => d.State == DeliveryState.Sent)} sent / "
                + $"{final.Count(d => d.State == DeliveryState.Failed)} failed / {final.Count(d => d.State == DeliveryState.Excluded)} excluded in the app, "
                + $"{alreadyProcessed} answers 10011 (already processed) recorded; provider: {stats.Requests} requests ({stats.Checks} checks, "
                + $"{stats.Refused} refused, {stats.Faults} faults), busiest second {stats.BusiestSecond}, {stats.RateViolations} rate violations; "
                + $"seeding {seeded.TotalSeconds:0.0} s, whole test {watch.Elapsed.TotalSeconds:0.0} s"));

            // By the provider's record: nobody got the broadcast twice, no message id went through twice, and every
            // accepted message is one of this broadcast's, to its own recipient.
            Assert.Empty(sends.GroupBy(s => s.To).Where(g => g.Count() > 1).Select(g => g.Key));
            Assert.Empty(sends.GroupBy(s => s.Id).Where(g => g.Count() > 1).Select(g => g.Key));
            var toOf = final.Where(d => d.MessageId is not null).ToDictionary(d => d.MessageId!, d => d.Phone, StringComparer.Ordinal);
            Assert.All(sends, s => Assert.Equal(toOf.GetValueOrDefault(s.Id), s.To));

            // Every delivery ended; the app's sent are exactly the users the provider accepted a message for.
            Assert.Equal(Users, final.Count);
            Assert.All(final, d => Assert.Contains(d.State, new[] { DeliveryState.Sent, DeliveryState.Failed, DeliveryState.Excluded }));
            var sentTo = final.Where(d => d.State == DeliveryState.Sent).Select(d => d.Phone).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(sends.Select(s => s.To).Distinct().Order(StringComparer.Ordinal).ToList(), sentTo);
            Assert.Equal(users.Order(StringComparer.Ordinal), sentTo);
            Assert.Equal(0, stats.RateViolations);

            // Not vacuous: some kill landed while sends were under way.
            Assert.Contains(runs, r => r.AcceptedTotal < Users && r.InFlight > 0);
            Assert.Contains(runs, r => r.AnswersLost > 0);
            // What a kill left claimed went back to the queue once its lease ran out (at a start, or later in a run) and
            // was sent then: every delivery ended above, and the engine said how many it took back.
            Assert.True(recovered.Values.Sum() + Expired(app.Output) > 0, "no claim left by a kill was taken back");
        }
        catch
        {
            if (app is not null)
            {
                log?.WriteLine("The app's output:\n" + app.Output);
            }

            throw;
        }
        finally
        {
            app?.Dispose();
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Per start of the app, how many deliveries its engine found in flight and sent again (from its log).</summary>
    private static Dictionary<int, int> Recovered(string output) =>
        RecoveredLine().Matches(output).ToDictionary(
            m => int.Parse(m.Groups["start"].Value, CultureInfo.InvariantCulture),
            m => int.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture));

    [GeneratedRegex(@"^\[(?<start>\d+) out [^\]]*\] .*Sending engine started; (?<n>\d+) deliveries", RegexOptions.Multiline)]
    private static partial Regex RecoveredLine();

    /// <summary>How many claims the engines took back during their runs, after their lease ran out (from the log).</summary>
    private static int Expired(string output) =>
        ExpiredLine().Matches(output).Sum(m => int.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture));

    [GeneratedRegex(@"the claims of (?<n>\d+) deliveries ran out", RegexOptions.Multiline)]
    private static partial Regex ExpiredLine();

    /// <summary>What one run (start to kill) did, as the provider and the database show it right after the kill.</summary>
    private sealed record Run(int AcceptedInRun, int AcceptedTotal, int InFlight, int AnswersLost, int Sent);
}
