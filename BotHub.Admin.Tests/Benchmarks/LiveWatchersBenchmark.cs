using System.Diagnostics;
using System.Globalization;
using BotHub.Admin.Data;
using BotHub.Admin.Features.Audit;
using BotHub.Admin.Features.Broadcasts;
using BotHub.Admin.Features.Compose;
using BotHub.Admin.Features.Provider.Sandbox;
using BotHub.Admin.Features.Recipients;
using BotHub.Admin.Features.Sending;
using BotHub.Admin.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace BotHub.Admin.Tests.Benchmarks;

/// <summary>
/// What watching costs (issue 8): BENCH_PAGES pages (default 20) open on one broadcast's live page while it sends at full
/// rate, against the same send with nobody watching, before and after. One channel at 100 requests/s (sandbox bucket 100/s
/// holding 200, in the app at zero latency); each broadcast goes to BENCH_USERS new users of its own (default 1,200: a
/// check and a send each, about 24 s; 200 users and 5 pages when only BENCH_SECONDS is set, as CI does), after a warm-up
/// broadcast at least as large. Each broadcast is scheduled an hour ahead and then brought forward to now, so the pages
/// are open and settled before its first delivery.
/// <para>
/// Renders are counted in the browser: a MutationObserver on each page's progress region records every batch of DOM
/// changes the server's renders made to it (a refresh that changed nothing on screen is not counted; the WebSocket
/// messages each page received are counted beside them). The server's CPU is this process's (the app runs in it). The
/// pages live in a Chromium of their own, reached over CDP only to open them and to read their counts: Playwright is
/// disconnected while a broadcast sends, since its driver relays every WebSocket frame of every page to this process,
/// work that would be counted as the server's. Prints renders per page per second, the server's CPU share, CPU per
/// delivery and per render, and the browser's share; asserts only that all was sent, that the runs without pages had no
/// subscriber to the engine's events, and that no page averaged more than 4.5 renders a second.
/// </para>
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class LiveWatchersBenchmark(BrowserFixture browser)
{
    private const int Rate = 100;
    private static readonly string Bot = EngineBenchApp.Bot(0);
    private const string Email = "watcher@test.local";
    private const string Password = "watcher passphrase";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static bool Brief => Environment.GetEnvironmentVariable("BENCH_SECONDS") is not null;

    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v > 0 ? v : fallback;

    [Fact]
    [Trait("Category", "Benchmark")]
    public async Task LivePage_ManyWatchersAtFullRate_PrintsRendersPerPageAndServerCpu()
    {
        var users = Setting("BENCH_USERS", Brief ? 200 : 1_200);
        var pages = Setting("BENCH_PAGES", Brief ? 5 : 20);

        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture; // the figures below, in this test's flow only
        var whole = Stopwatch.StartNew();
        var load = File.ReadAllText("/proc/loadavg").Split(' ')[0];
        await using var app = new WatchersApp();
        await app.CreateUserAsync(Email, Password);
        var channelId = await app.ChannelIdAsync();
        var notifier = app.Services.GetRequiredService<ProgressNotifier>();

        // The warm-up is at least as large as a measured run: the first sends of a fresh app cost a third more (JIT
        // tiering, pools, the database file growing), and a small one does not take that away.
        var warm = Brief ? users : Math.Max(users, 1_200);
        await SeedAsync(app, channelId, ("warm", warm), ("before", users), ("watched", users), ("after", users));
        var settle = TimeSpan.FromSeconds(Brief ? 0 : 20); // brief: the figures mean little anyway
        var quiet = TimeSpan.FromSeconds(Brief ? 1 : 3);
        var seeding = whole.Elapsed;

        // While the warm-up sends, Chromium starts, signs in and shows the warm-up broadcast (the page's code warms too).
        var warmId = await ScheduleAsync(app, channelId, "warm");
        var starting = Watchers.StartAsync(browser.Browser.BrowserType, app, warmId);
        try
        {
            await SendAsync(app, warmId, warm);
        }
        catch
        {
            await (await starting).DisposeAsync();
            throw;
        }

        await using var watchers = await starting;
        await watchers.LeaveAsync();
        var warming = whole.Elapsed - seeding;

        var before = await ScheduleAsync(app, channelId, "before");
        var idleBefore = await IdleAsync(settle, quiet, notifier);
        var nobody = await SendAsync(app, before, users);

        var watched = await ScheduleAsync(app, channelId, "watched");
        var opening = Stopwatch.StartNew();
        await watchers.OpenAsync(watched, pages);
        opening.Stop();
        var idleWatched = await IdleAsync(settle, quiet, null);
        Assert.True(notifier.HasSubscribers, "The pages do not listen to the engine's events.");
        var browserCpu = watchers.CpuSeconds();
        var watching = await SendAsync(app, watched, users);
        browserCpu = watchers.CpuSeconds() - browserCpu;
        var seen = await watchers.ReadAsync();
        Assert.Equal(pages, seen.Count);
        await watchers.LeaveAsync();

        // Nobody watching again: the two runs without pages bracket the one with them (drift shows as their gap).
        var after = await ScheduleAsync(app, channelId, "after");
        var idleAfter = await IdleAsync(settle, quiet, notifier);
        var nobodyAgain = await SendAsync(app, after, users);

        // Per page: renders (and WebSocket messages from the server) within the send, per second; the busiest second.
        var seconds = (watching.EndMs - watching.StartMs) / 1000.0;
        var perPage = seen.Select(p => new
        {
            Renders = Within(p.Renders, watching).Length / seconds,
            Busiest = Busiest(Within(p.Renders, watching)),
            Gaps = Gaps(Within(p.Renders, watching)),
            Messages = Within(p.Messages, watching).Length / seconds,
            IdleRenders = Within(p.Renders, idleWatched).Length,
            IdleMessages = Within(p.Messages, idleWatched).Length,
        }).ToList();
        var idleSeconds = (idleWatched.EndMs - idleWatched.StartMs) / 1000.0;
        var gaps = perPage.SelectMany(p => p.Gaps).Order().ToList();
        var renders = perPage.Sum(p => p.Renders) * seconds;
        var cores = Environment.ProcessorCount;
        var baseShare = (nobody.Share(cores) + nobodyAgain.Share(cores)) / 2;
        var baseMs = (nobody.MsPerDelivery + nobodyAgain.MsPerDelivery) / 2;
        var extraCpu = watching.CpuSeconds - (nobody.CpuSeconds + nobodyAgain.CpuSeconds) / 2;
        string[] lines =
        [
            $"Live watchers: {pages} pages on one broadcast's live page against nobody watching. One channel at {Rate} requests/s, sandbox at zero "
            + $"latency, {users} new users per broadcast (a check and a send each), after a warm-up broadcast to {warm}; {cores} cores, load "
            + $"average {load} at the start.",
            $"  nobody watching:       {nobody.Describe(cores)}; idle before it {idleBefore.Share(cores):P1}",
            $"  {pages} pages watching:     {watching.Describe(cores)}; idle before it, the pages open, {idleWatched.Share(cores):P1}, with "
            + $"{perPage.Average(p => p.IdleMessages) / idleSeconds:0.0} messages from the server and {perPage.Average(p => p.IdleRenders) / idleSeconds:0.0} "
            + $"renders a second per page",
            $"  nobody watching again: {nobodyAgain.Describe(cores)}; idle before it {idleAfter.Share(cores):P1}",
            $"  renders per page: {perPage.Min(p => p.Renders):0.00} / {perPage.Average(p => p.Renders):0.00} / {perPage.Max(p => p.Renders):0.00} a second "
            + $"(min / mean / max over the send), {renders:0} in all; busiest second {perPage.Max(p => p.Busiest)}; gaps between a page's renders: "
            + $"median {Quantile(gaps, 0.5):0} ms, shortest {Quantile(gaps, 0):0} ms, {gaps.Count(g => g < 200) * 100.0 / Math.Max(1, gaps.Count):0.0} % "
            + $"under 200 ms; WebSocket messages from the server {perPage.Average(p => p.Messages):0.0} a second per page",
            $"  difference (watched against the mean of the two without): server CPU {(watching.Share(cores) - baseShare) * 100:+0.0;-0.0} points of "
            + $"the machine ({extraCpu:+0.00;-0.00} CPU s), {watching.MsPerDelivery - baseMs:+0.00;-0.00} CPU ms per delivery, ≈ "
            + $"{extraCpu * 1000 / Math.Max(1, renders):0.00} CPU ms per page render; the browser's {pages} pages took "
            + $"{browserCpu / (watching.WallSeconds * cores):P1} of the machine besides (not counted above)",
            $"  took {whole.Elapsed.TotalSeconds:0} s (starting and seeding {seeding.TotalSeconds:0.0} s, warm-up with Chromium starting "
            + $"{warming.TotalSeconds:0.0} s, opening the pages {opening.Elapsed.TotalSeconds:0.0} s)",
        ];
        var report = string.Join(Environment.NewLine, lines);
        TestContext.Current.SendDiagnosticMessage(report);
        TestContext.Current.TestOutputHelper?.WriteLine(report);
        Console.WriteLine(report);

        Assert.All(perPage, p => Assert.InRange(p.Renders, 0.1, 4.5));
    }

    private static double[] Within(double[] times, IWindow w) => times.Where(t => t >= w.StartMs && t <= w.EndMs).ToArray();

    /// <summary>The most timestamps (ms) within any one second.</summary>
    private static int Busiest(double[] times)
    {
        Array.Sort(times);
        var most = 0;
        for (int i = 0, j = 0; i < times.Length; i++)
        {
            while (times[i] - times[j] >= 1000)
            {
                j++;
            }

            most = Math.Max(most, i - j + 1);
        }

        return most;
    }

    private static List<double> Gaps(double[] times) => times.Order().Zip(times.Order().Skip(1), (a, b) => b - a).ToList();

    private static double Quantile(List<double> sorted, double q) => sorted.Count == 0 ? 0 : sorted[(int)Math.Round(q * (sorted.Count - 1))];

    /// <summary>
    /// Waits until the process is quiet (a busy app keeps compiling and collecting for seconds after it stops: until a
    /// second under 0.1 CPU s, for at most <paramref name="settle"/>), then measures it idle for <paramref name="span"/>. Given the
    /// notifier, first waits until no page listens to the engine's events any more (a page that has gone lets go of its
    /// circuit at once, by the beacon Blazor sends as it unloads) and fails if one still does.
    /// </summary>
    private static async Task<Idle> IdleAsync(TimeSpan settle, TimeSpan span, ProgressNotifier? nobodyListens)
    {
        var until = Stopwatch.GetTimestamp() + (long)(settle.TotalSeconds * Stopwatch.Frequency);
        while (nobodyListens is { HasSubscribers: true } && Stopwatch.GetTimestamp() < until + 10 * Stopwatch.Frequency)
        {
            await Task.Delay(100, Ct);
        }

        Assert.False(nobodyListens?.HasSubscribers ?? false, "A page still listens to the engine's events in a run meant to have nobody watching.");
        while (Stopwatch.GetTimestamp() < until && await CpuPerSecondAsync(TimeSpan.FromSeconds(1)) >= 0.1)
        {
        }

        var startMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var cpu = await CpuPerSecondAsync(span);
        return new Idle(cpu, startMs, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
    }

    private static async Task<double> CpuPerSecondAsync(TimeSpan span)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();
        await Task.Delay(span, Ct);
        return (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    // Users who wrote in today, tagged by the run they belong to, in the app's database and in the sandbox's memory.
    private static async Task SeedAsync(WatchersApp app, int channelId, params (string Tag, int Count)[] groups)
    {
        var provider = app.Services.GetRequiredService<SandboxProvider>();
        var now = DateTime.UtcNow;
        var n = 0;
        await using var db = await app.DbAsync();
        foreach (var (tag, count) in groups)
        {
            var recipients = Enumerable.Range(n, count).Select(i => new Recipient
            {
                Phone = Phone(i), Name = $"User {i}", OptIn = OptInStatus.OptedIn, CreatedUtc = now, Tags = [new RecipientTag { Tag = tag }],
            }).ToList();
            db.Recipients.AddRange(recipients);
            await db.SaveChangesAsync(Ct);
            db.RecipientActivity.AddRange(recipients.Select(r => new RecipientChannelActivity { RecipientId = r.Id, ChannelId = channelId, LastInboundUtc = now }));
            await db.SaveChangesAsync(Ct);
            db.ChangeTracker.Clear();
            foreach (var r in recipients)
            {
                var outcome = await provider.RecordInboundAsync(Bot, r.Phone, "User", "hi", Ct);
                Assert.NotNull(outcome.Message);
            }

            n += count;
        }
    }

    private static string Phone(int i) => string.Create(CultureInfo.InvariantCulture, $"+8615700{i:D6}");

    /// <summary>A broadcast to the users of one tag, scheduled an hour ahead (so nothing goes until <see cref="SendAsync"/>).</summary>
    private static async Task<int> ScheduleAsync(WatchersApp app, int channelId, string tag)
    {
        var result = await app.Services.GetRequiredService<BroadcastCreator>().CreateAsync(new ComposeModel
        {
            ChannelId = channelId,
            Message = new ComposedMessage { Type = "text", Body = "Hello {{name}}, a watched benchmark." },
            Audience = new AudienceChoice { Mode = AudienceMode.Tags, Tags = [tag] },
            ScheduleLocal = DateTime.UtcNow.AddHours(1),
            ScheduleZone = "UTC",
        }, new AuditActor("bench", "bench", null), Ct);
        Assert.True(result.Created, result.Error?.ToString());
        return result.BroadcastId!.Value;
    }

    /// <summary>Brings the broadcast's time forward to now and measures until all its deliveries are sent.</summary>
    private static async Task<Run> SendAsync(WatchersApp app, int broadcastId, int users)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();
        var startMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await using (var db = await app.DbAsync())
        {
            var now = DateTime.UtcNow.AddSeconds(-1);
            Assert.Equal(1, await db.Broadcasts.Where(b => b.Id == broadcastId && b.State == BroadcastState.Scheduled)
                .ExecuteUpdateAsync(u => u.SetProperty(b => b.ScheduledUtc, now), Ct));
        }

        app.Services.GetRequiredService<SendingSignal>().Raise();
        await WaitUntilSentAsync(app, broadcastId, users, TimeSpan.FromSeconds(users * 2.0 / Rate * 5 + 60));
        var wall = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var endMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;

        await using var read = await app.DbAsync();
        var span = await read.DeliveryAttempts.Join(read.Deliveries.Where(d => d.BroadcastId == broadcastId), a => a.DeliveryId, d => d.Id, (a, d) => a)
            .GroupBy(a => 1).Select(g => new { First = g.Min(a => a.AtUtc), Last = g.Max(a => a.AtUtc), Count = g.Count() }).SingleAsync(Ct);
        return new Run(users, span.Count, wall, Math.Max(0.001, (span.Last - span.First).TotalSeconds), cpuSeconds, startMs, endMs);
    }

    private static async Task WaitUntilSentAsync(WatchersApp app, int broadcastId, int expected, TimeSpan limit)
    {
        var until = Stopwatch.GetTimestamp() + (long)(limit.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < until)
        {
            await using var db = await app.DbAsync();
            if (await db.Deliveries.CountAsync(d => d.BroadcastId == broadcastId && d.State == DeliveryState.Sent, Ct) >= expected)
            {
                return;
            }

            await Task.Delay(250, Ct);
        }

        Assert.Fail($"Not all {expected} deliveries of broadcast {broadcastId} were sent within {limit.TotalSeconds:0} s.");
    }

    /// <summary>A quiet spell: the process's CPU seconds per second, from and to (Unix ms).</summary>
    private sealed record Idle(double CpuPerSecond, long StartMs, long EndMs) : IWindow
    {
        public double Share(int cores) => CpuPerSecond / cores;
    }

    private interface IWindow
    {
        long StartMs { get; }

        long EndMs { get; }
    }

    /// <summary>One measured send: from bringing the broadcast forward until the last delivery was seen sent.</summary>
    private sealed record Run(int Deliveries, int Requests, double WallSeconds, double SendSeconds, double CpuSeconds, long StartMs, long EndMs) : IWindow
    {
        public double Share(int cores) => CpuSeconds / (WallSeconds * cores);

        public double MsPerDelivery => CpuSeconds * 1000 / Deliveries;

        public string Describe(int cores) => string.Create(CultureInfo.InvariantCulture,
            $"{Deliveries} deliveries, {Requests} requests in {SendSeconds:0.0} s = {Deliveries / SendSeconds:0} deliveries/s; server CPU "
            + $"{Share(cores):P1} of the machine over {WallSeconds:0.0} s ({CpuSeconds:0.00} CPU s, {MsPerDelivery:0.00} CPU ms per delivery)");
    }

    /// <summary>What one page saw: when its progress region changed, when a WebSocket message came (Unix ms).</summary>
    private sealed record Seen(double[] Renders, double[] Messages);

    /// <summary>
    /// Pages in a Chromium of their own (a persistent profile: one sign-in serves every page), reached over CDP only while
    /// opening them, reading what they counted and sending them away; disconnected otherwise, Chromium and its pages
    /// carry on.
    /// </summary>
    private sealed class Watchers : IAsyncDisposable
    {
        // Before any page script: count the messages each WebSocket receives (the circuit's render batches among them).
        private const string CountMessages = """
            (() => {
              const Native = window.WebSocket;
              window.__messages = [];
              window.WebSocket = class extends Native {
                constructor(...args) { super(...args); this.addEventListener('message', () => window.__messages.push(Date.now())); }
              };
            })();
            """;

        // Once the progress region is shown: each batch of DOM changes to it is one render that reached the page.
        private const string CountRenders = """
            () => {
              const region = document.querySelector('[role="region"][aria-label="Progress"]');
              window.__renders = [];
              new MutationObserver(() => window.__renders.push(Date.now()))
                .observe(region, { subtree: true, childList: true, characterData: true, attributes: true });
            }
            """;

        private readonly IBrowserType _type;
        private readonly TestApp _app;
        private readonly Process _chromium;
        private readonly string _profile;
        private string _endpoint = "";

        private Watchers(IBrowserType type, TestApp app, Process chromium, string profile)
        {
            _type = type;
            _app = app;
            _chromium = chromium;
            _profile = profile;
        }

        /// <summary>Starts Chromium, signs in and shows one broadcast's page in one tab.</summary>
        public static async Task<Watchers> StartAsync(IBrowserType type, TestApp app, int broadcastId)
        {
            var profile = Directory.CreateTempSubdirectory("bothub-watchers-").FullName;
            var start = new ProcessStartInfo(BrowserFixture.ChromiumPath)
            {
                UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true,
            };
            foreach (var arg in new[]
            {
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--no-default-browser-check", "--disable-background-timer-throttling", "--disable-backgrounding-occluded-windows",
                "--disable-renderer-backgrounding", "--window-size=1366,900", "--remote-debugging-port=0", $"--user-data-dir={profile}", "about:blank",
            })
            {
                start.ArgumentList.Add(arg);
            }

            var chromium = Process.Start(start)!;
            chromium.OutputDataReceived += (_, _) => { };
            chromium.ErrorDataReceived += (_, _) => { };
            chromium.BeginOutputReadLine();
            chromium.BeginErrorReadLine();
            var watchers = new Watchers(type, app, chromium, profile);
            try
            {
                watchers._endpoint = await EndpointAsync(profile, chromium);
                await watchers.WithBrowserAsync(async context =>
                {
                    var page = context.Pages.Count > 0 ? context.Pages[0] : await context.NewPageAsync();
                    await page.GotoAsync(watchers.Url("Account/Login"));
                    await page.GetByLabel("Email").FillAsync(Email);
                    await page.GetByLabel("Password").FillAsync(Password);
                    await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
                    await page.WaitForURLAsync(u => !u.Contains("/Account/Login", StringComparison.OrdinalIgnoreCase)); // the cookie is set
                    await ShowAsync(page, watchers.Url($"broadcasts/{broadcastId}"));
                });
                return watchers;
            }
            catch
            {
                await watchers.DisposeAsync();
                throw;
            }
        }

        /// <summary><paramref name="count"/> tabs on the broadcast's page, each counting its renders.</summary>
        public Task OpenAsync(int broadcastId, int count) => WithBrowserAsync(async context =>
        {
            // An init script lasts as long as the connection that added it.
            await context.AddInitScriptAsync(CountMessages);
            var pages = context.Pages.ToList();
            while (pages.Count < count)
            {
                pages.Add(await context.NewPageAsync());
            }

            var url = Url($"broadcasts/{broadcastId}");
            using var gate = new SemaphoreSlim(5);
            await Task.WhenAll(pages.Take(count).Select(async page =>
            {
                await gate.WaitAsync(Ct);
                try
                {
                    await ShowAsync(page, url);
                    await page.EvaluateAsync(CountRenders);
                }
                finally
                {
                    gate.Release();
                }
            }));
        });

        /// <summary>What each page on a broadcast counted.</summary>
        public Task<IReadOnlyList<Seen>> ReadAsync() => WithBrowserAsync<IReadOnlyList<Seen>>(async context =>
        {
            var seen = new List<Seen>();
            foreach (var page in context.Pages.Where(p => p.Url.Contains("/broadcasts/", StringComparison.Ordinal)))
            {
                seen.Add(new Seen(await page.EvaluateAsync<double[]?>("() => window.__renders") ?? [], await page.EvaluateAsync<double[]?>("() => window.__messages") ?? []));
            }

            return seen;
        });

        /// <summary>Every tab leaves the app (its circuit ends): nobody watches.</summary>
        public Task LeaveAsync() => WithBrowserAsync(async context =>
        {
            foreach (var page in context.Pages)
            {
                await page.GotoAsync("about:blank");
            }
        });

        private static async Task ShowAsync(IPage page, string url)
        {
            await page.GotoAsync(url);
            await page.WaitForInteractiveAsync();
            await page.GetByRole(AriaRole.Region, new() { Name = "Progress" }).WaitForAsync();
        }

        private string Url(string path) => new Uri(_app.BaseUrl, path).ToString();

        private async Task WithBrowserAsync(Func<IBrowserContext, Task> act) => await WithBrowserAsync(async context =>
        {
            await act(context);
            return true;
        });

        private async Task<T> WithBrowserAsync<T>(Func<IBrowserContext, Task<T>> act)
        {
            var cdp = await _type.ConnectOverCDPAsync(_endpoint);
            try
            {
                var context = cdp.Contexts[0];
                context.SetDefaultTimeout(30_000);
                return await act(context);
            }
            finally
            {
                // Disconnects; Chromium and its pages carry on.
                await cdp.CloseAsync();
            }
        }

        // Chromium writes its DevTools port in the profile once it listens.
        private static async Task<string> EndpointAsync(string profile, Process chromium)
        {
            var file = Path.Combine(profile, "DevToolsActivePort");
            var until = Stopwatch.GetTimestamp() + 30 * Stopwatch.Frequency;
            while (Stopwatch.GetTimestamp() < until && !chromium.HasExited)
            {
                if (File.Exists(file) && (await File.ReadAllLinesAsync(file, Ct)) is [var port, ..] && port.Length > 0)
                {
                    return $"http://127.0.0.1:{port}";
                }

                await Task.Delay(50, Ct);
            }

            throw new InvalidOperationException("Chromium did not open its DevTools port.");
        }

        /// <summary>CPU seconds of Chromium and every process under it so far (Linux /proc).</summary>
        public double CpuSeconds()
        {
            var processes = new Dictionary<int, (int Parent, long Ticks)>();
            foreach (var dir in Directory.EnumerateDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
                {
                    continue;
                }

                try
                {
                    // After the command's closing parenthesis: state, ppid, ..., utime and stime (fields 3, 4, 14 and 15 of stat).
                    var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                    var f = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                    processes[pid] = (int.Parse(f[1], CultureInfo.InvariantCulture),
                        long.Parse(f[11], CultureInfo.InvariantCulture) + long.Parse(f[12], CultureInfo.InvariantCulture));
                }
                catch (IOException)
                {
                }
                catch (UnauthorizedAccessException)
                {
                }
            }

            long ticks = 0;
            foreach (var (pid, (_, t)) in processes)
            {
                for (var p = pid; p > 1 && processes.TryGetValue(p, out var x); p = x.Parent)
                {
                    if (p == _chromium.Id)
                    {
                        ticks += t;
                        break;
                    }
                }
            }

            return ticks / 100.0; // USER_HZ
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                _chromium.Kill(entireProcessTree: true);
                await _chromium.WaitForExitAsync(CancellationToken.None);
            }
            catch (InvalidOperationException)
            {
            }

            _chromium.Dispose();
            try
            {
                Directory.Delete(_profile, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>The engine benchmarks' app with one channel at 100/s, and sessions revalidated as deployed.</summary>
    private sealed class WatchersApp() : EngineBenchApp("watchers", channels: 1, Rate)
    {
        protected override IDictionary<string, string?> Settings
        {
            get
            {
                var s = base.Settings;
                // As deployed: the tests' 2 s would have every open page ask the database about its user every 2 s.
                s["Auth:RevalidationInterval"] = "00:01:00";
                return s;
            }
        }

        public async Task<int> ChannelIdAsync() => (await ChannelIdsAsync()).Single();
    }
}
