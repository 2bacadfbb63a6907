using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using BotHub.Admin.Features.Broadcasts;
using BotHub.Admin.Features.Provider;
using BotHub.Admin.Tests.Infrastructure;
using BotHub.Admin.Tests.Integration.Sending;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using BotHub.Admin.Features.Sending;

namespace BotHub.Admin.Tests.Browser;

/// <summary>
/// A broadcast's page while the engine sends it through the in-app sandbox: the figures move as deliveries go, end at
/// what the database holds, failures are decoded in the page's language, and a pause made on one page shows on another.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class LiveProgressTests(BrowserFixture browser, LiveTestApp app) : IClassFixture<LiveTestApp>
{
    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    [Fact]
    public async Task HundredWithInjectedFaults_PageReachesTheDatabasesFinalCounts_FailuresSaidPlainlyInEnglishThenChinese()
    {
        await app.EnsureStaffAsync();
        var (channelId, bot) = await app.ChannelAtAsync(ratePerSecond: 10, Ct);
        var users = EngineTestApp.NewUsers(100);
        await app.WriteInAsync(bot, users, Ct);
        var page = await SignedInAsync();

        // Of the requests that would succeed, 10 % are refused for good (10100) and 20 % fail for now (10000: tried once more).
        await app.SetFaultsAsync("""{"error_rates": {"10100": 0.1, "10000": 0.2}}""", Ct);
        try
        {
            var id = await app.BroadcastAsync(channelId, users, Ct);
            await page.OpenAsync($"/broadcasts/{id}");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Broadcast #{id}", Level = 1 })).ToBeVisibleAsync();

            // Mid-send: the rate against the channel's limit, and the share done moving with no reload.
            await Expect(ProgressCell(page, "Rate")).ToHaveTextAsync(RateText(limit: 10), new() { Timeout = 30_000 });
            var before = await DoneAsync(page);
            Assert.True(before < 100, $"the page opened with {before} of 100 already done: too late to watch it send");
            await Shot(page, "a-midsend-en");
            await Expect(Done(page)).Not.ToHaveTextAsync(DoneText(before), new() { Timeout = 30_000 });
            Assert.True(await DoneAsync(page) > before);

            // The end: the page says how it ended, never "100 %" for what failed; each state's count is the database's.
            var ending = page.GetByRole(AriaRole.Status).Filter(new() { HasTextRegex = new(@"^Completed with \d+ failed: ") });
            await Expect(ending).ToBeVisibleAsync(new() { Timeout = 120_000 });
            var stored = await ByStateAsync(id);
            var (sent, failed, excluded) = (Get(stored, DeliveryState.Sent), Get(stored, DeliveryState.Failed), Get(stored, DeliveryState.Excluded));
            Assert.Equal(100, sent + failed + excluded);
            Assert.True(failed > 0 && sent > 0, $"sent {sent}, failed {failed}: the faults should have failed some, not all");
            await Expect(ending).ToHaveTextAsync($"Completed with {failed} failed: {sent} sent · {failed} failed" + (excluded > 0 ? $" · {excluded} excluded" : ""));
            await Expect(Done(page)).ToHaveTextAsync($"{sent} of 100 sent ({sent}%)");
            await Expect(StateChip(page, $"Completed with {failed} failed")).ToBeVisibleAsync();
            await page.ExpectFigureAsync("Sent", sent);
            await page.ExpectFigureAsync("Failed", failed);
            await page.ExpectFigureAsync("Excluded", excluded);
            foreach (var open in new[] { "Queued", "Checking", "Sending", "Cancelled", "Waiting for quota" })
            {
                await page.ExpectFigureAsync(open, 0);
            }

            await Expect(ProgressCell(page, "Rate")).ToHaveTextAsync("Not sending now");
            await Expect(ProgressCell(page, "Time left")).ToHaveTextAsync("—");
            await Expect(ProgressCell(page, "Elapsed")).ToHaveTextAsync(ElapsedText());
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = $"Retry {failed} failed" })).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Pause" })).ToBeHiddenAsync();

            // The failures: as many as failed, each code decoded, listed with its count, and the export of the chosen code.
            var codes = await FailedCodesAsync(id);
            Assert.Equal(failed, codes.Sum(c => c.Count));
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Failures ({failed})", Exact = true })).ToBeVisibleAsync();
            await Expect(FailureRows(page)).ToHaveCountAsync(Math.Min(failed, 10));
            await ExpectErrorCellsAsync(page, Failure(10100, "en"), Failure(10000, "en"));
            await ExpectCodeOptionsAsync(page, "Error code", codes.Select(c => $"{Decoded(c.Code, "en")} · {c.Count}"));
            var rejected = codes.Single(c => c.Code == 10100);
            await page.GetByRole(AriaRole.Option, new() { Name = $"{Decoded(10100, "en")} · {rejected.Count}" }).ClickAsync();
            await Expect(FailureRows(page)).ToHaveCountAsync(Math.Min(rejected.Count, 10));
            await Expect(FailureRows(page).Filter(new() { HasText = Decoded(10100, "en") })).ToHaveCountAsync(Math.Min(rejected.Count, 10));
            await Expect(page.GetByLabel("Failures", new() { Exact = true }).GetByRole(AriaRole.Link, new() { Name = "Export CSV" })).ToHaveAttributeAsync("href", $"/broadcasts/{id}/failures.csv?code=10100");
            await Shot(page, "a-end-en");
            await ShotAtPhoneWidth(page, "a-end-en-phone");

            // In Chinese, by the switch in the top bar: the same figures and the provider's own Chinese for each code.
            await page.GetByRole(AriaRole.Button, new() { Name = "Language" }).ClickAsync();
            await page.GetByRole(AriaRole.Menuitem, new() { Name = "中文" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"群发 #{id}", Level = 1 })).ToBeVisibleAsync();
            await page.WaitForInteractiveAsync();
            Assert.EndsWith($"/broadcasts/{id}", page.Url, StringComparison.Ordinal);
            await Expect(Done(page)).ToHaveTextAsync($"已发送 {sent} / 100（{sent}%）");
            await Expect(StateChip(page, $"已完成，{failed} 条失败")).ToBeVisibleAsync();
            await page.ExpectFigureAsync("已发送", sent);
            await page.ExpectFigureAsync("失败", failed);
            await page.ExpectFigureAsync("已排除", excluded);
            await Expect(ProgressCell(page, "速率")).ToHaveTextAsync("当前未在发送");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"失败明细 ({failed})", Exact = true })).ToBeVisibleAsync();
            await Expect(FailureRows(page, "失败明细")).ToHaveCountAsync(Math.Min(failed, 10));
            await ExpectErrorCellsAsync(page, Failure(10100, "zh-CN"), Failure(10000, "zh-CN"), "失败明细");
            await ExpectCodeOptionsAsync(page, "错误码", codes.Select(c => $"{Decoded(c.Code, "zh-CN")} · {c.Count}"));
            await page.Keyboard.PressAsync("Escape");
            await Shot(page, "a-end-zh");
            await ShotAtPhoneWidth(page, "a-end-zh-phone", "失败明细");
        }
        finally
        {
            await app.SetFaultsAsync("{}", CancellationToken.None);
        }
    }

    [Fact]
    public async Task TwoPagesOnOneRunningBroadcast_PauseOnOne_ShowsPausedAndResumeOnTheOtherWithinOneSecond()
    {
        await app.EnsureStaffAsync();
        // 60 new users at 2 requests/s: 120 requests, a minute of sending, so the broadcast is surely running when paused.
        var (channelId, bot) = await app.ChannelAtAsync(ratePerSecond: 2, Ct);
        var users = EngineTestApp.NewUsers(60);
        await app.WriteInAsync(bot, users, Ct);
        await app.WarmUpControlAsync(channelId, users[0], Ct);
        var a = await SignedInAsync();
        var b = await SignedInAsync();
        var zh = await SignedInAsync();
        var id = await app.BroadcastAsync(channelId, users, Ct);

        await a.OpenAsync($"/broadcasts/{id}");
        await b.OpenAsync($"/broadcasts/{id}");
        await Expect(ProgressCell(a, "Rate")).ToHaveTextAsync(RateText(limit: 2), new() { Timeout = 30_000 });
        await Expect(ProgressCell(b, "Rate")).ToHaveTextAsync(RateText(limit: 2), new() { Timeout = 30_000 });
        await Shot(a, "b-midsend-en");
        await ShotAtPhoneWidth(a, "b-midsend-en-phone");
        await ChineseMidSendShotsAsync(zh, id);
        Assert.Equal(BroadcastState.Sending, await StateAsync(id));

        // The pause is made on page a; page b learns of it from the engine's notifier only (no reload, no polling). The clock
        // runs from the click's completion until page b shows both; page b reports the moment its DOM changed, checked at
        // every animation frame rather than by the locators' back-off polling (up to 500 ms late).
        var resume = b.GetByRole(AriaRole.Button, new() { Name = "Resume" });
        await Expect(resume).ToBeHiddenAsync();
        await WatchForAsync(b, "shown", button: "Resume", text: "Paused");
        await WatchForAsync(a, "shown", button: "Resume", text: "Paused");
        await WatchForAsync(a, "answered", prefix: "Broadcast paused:");
        await MarkClicksAsync(a);
        await a.GetByRole(AriaRole.Button, new() { Name = "Pause" }).ClickAsync();
        var clock = Stopwatch.StartNew();
        await SeenAsync(b, "shown");
        var seen = clock.Elapsed;
        await Expect(resume).ToBeVisibleAsync();
        await Expect(StateChip(b, "Paused")).ToBeVisibleAsync();
        await Expect(StateChip(a, "Paused")).ToBeVisibleAsync();
        await Expect(a.GetByText("Broadcast paused: messages under way finish, nothing new starts.")).ToBeVisibleAsync();
        Report($"Pause on page a -> \"Paused\" and \"Resume\" on page b: {seen.TotalMilliseconds:0} ms from the click's completion. In the pages, from the click: "
            + $"page a's snackbar (the pause done) {await InPageDelayAsync(a, a, "answered")} ms, page a's chip {await InPageDelayAsync(a, a, "shown")} ms, "
            + $"page b's chip {await InPageDelayAsync(a, b, "shown")} ms (page b {await b.EvaluateAsync<string>("() => document.visibilityState")}; load {LoadAverage()})");
        Assert.True(seen < TimeSpan.FromSeconds(1), $"page b showed the pause {seen.TotalMilliseconds:0} ms after the click on page a");

        await Expect(b.GetByRole(AriaRole.Status).Filter(new() { HasText = "Paused: nothing new is sent until someone resumes it." })).ToBeVisibleAsync();
        await Expect(ProgressCell(b, "Rate")).ToHaveTextAsync("Not sending now");
        await Expect(ProgressCell(b, "Time left")).ToHaveTextAsync("—");
        await Expect(b.GetByRole(AriaRole.Button, new() { Name = "Pause" })).ToBeHiddenAsync();
        Assert.Equal(BroadcastState.Paused, await StateAsync(id));

        // And back: resumed on page b, page a shows it sending again.
        await WatchForAsync(a, "shown", button: "Pause", text: "Sending");
        await MarkClicksAsync(b);
        await resume.ClickAsync();
        clock.Restart();
        await SeenAsync(a, "shown");
        Report($"Resume on page b -> \"Pause\" on page a: {clock.Elapsed.TotalMilliseconds:0} ms from the click's completion, {await InPageDelayAsync(b, a, "shown")} ms in the pages");
        await Expect(ProgressCell(a, "Rate")).ToHaveTextAsync(RateText(limit: 2), new() { Timeout = 30_000 });
        Assert.Equal(BroadcastState.Sending, await StateAsync(id));

        // Cancelled from page a after its confirmation; page b shows it, and what was sent stays sent.
        await a.GetByRole(AriaRole.Button, new() { Name = "Cancel broadcast" }).ClickAsync();
        var confirm = a.GetByRole(AriaRole.Dialog, new() { Name = $"Cancel broadcast #{id}?" });
        await Expect(confirm).ToContainTextAsync(new Regex(@"Not yet sent, to be cancelled and never sent: \d+\. With the provider now, to end sent or failed as it answers: \d+\."));
        await confirm.GetByRole(AriaRole.Button, new() { Name = "Cancel broadcast" }).ClickAsync();
        await Expect(a.GetByText(new Regex(@"^Broadcast cancelled\. Will not be sent: \d+\. Were with the provider, ending as it answers: \d+\.$"))).ToBeVisibleAsync();
        await Expect(StateChip(b, "Cancelled")).ToBeVisibleAsync();
        await Expect(b.GetByRole(AriaRole.Button, new() { Name = "Resume" })).ToBeHiddenAsync();
        await Expect(b.GetByRole(AriaRole.Button, new() { Name = "Cancel broadcast" })).ToBeHiddenAsync();
        Assert.Equal(BroadcastState.Cancelled, await StateAsync(id));
    }

    // ---- steps and locators (by role and label) ----

    private async Task<IPage> SignedInAsync(bool phone = false, string? locale = null)
    {
        var page = await browser.NewPageAsync(app, phone, locale);
        await page.SignInAndWaitAsync(LiveTestApp.StaffEmail, LiveTestApp.StaffPassword);
        return page;
    }

    /// <summary>A third person, who chose Chinese (by the address the language switch uses): the page mid-send at desktop and at phone width.</summary>
    private static async Task ChineseMidSendShotsAsync(IPage zh, int id)
    {
        await zh.OpenAsync($"/culture/set?culture=zh-CN&redirectUri=%2Fbroadcasts%2F{id}");
        await Expect(zh.GetByRole(AriaRole.Heading, new() { Name = $"群发 #{id}", Level = 1 })).ToBeVisibleAsync();
        await Expect(ProgressCell(zh, "速率")).ToHaveTextAsync(new Regex(@"^\d+\.\d 请求/秒（上限 2 请求/秒）· \d+\.\d 用户/秒$"), new() { Timeout = 30_000 });
        await Expect(ProgressCell(zh, "剩余时间")).ToHaveTextAsync(new Regex(@"^(约 .+，预计 .+ 结束|正在估算…)$"));
        await Shot(zh, "b-midsend-zh");
        await ShotAtPhoneWidth(zh, "b-midsend-zh-phone", "失败明细");
        await zh.Context.CloseAsync();
    }

    /// <summary>"N of M sent (P%)" in the progress panel.</summary>
    private static ILocator Done(IPage page) => page.GetByTestId("progress-done");

    private static async Task<int> DoneAsync(IPage page) =>
        int.Parse(DoneCount().Match(await Done(page).InnerTextAsync()).Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);

    private static Regex DoneText(int sent) => new($@"^{sent} of 100 sent");

    /// <summary>The value beside a row header of the progress panel ("Rate", "Elapsed", "Time left").</summary>
    private static ILocator ProgressCell(IPage page, string header) =>
        page.GetByRole(AriaRole.Row).Filter(new() { Has = page.GetByRole(AriaRole.Rowheader, new() { Name = header, Exact = true }) }).GetByRole(AriaRole.Cell);

    private static Regex RateText(int limit) => new($@"^\d+\.\d requests/s \(limit {limit}/s\) · \d+\.\d users/s$");

    private static Regex ElapsedText() => new(@"^(\d+ s|\d+ min \d+ s)$");

    /// <summary>The broadcast's state, as the chip beside its heading shows it (the deliveries table below names states too).</summary>
    private static ILocator StateChip(IPage page, string state) =>
        page.GetByRole(AriaRole.Heading, new() { Level = 1 }).Locator("xpath=..").GetByText(state, new() { Exact = true });

    /// <summary>The failures grid, by its label and its "Failures (N)" heading.</summary>
    private static ILocator FailuresGrid(IPage page, string title = "Failures") =>
        page.GetByLabel(title, new() { Exact = true })
            .Filter(new() { Has = page.GetByRole(AriaRole.Heading, new() { NameRegex = new Regex($@"^{Regex.Escape(title)} \(\d+\)$") }) });

    /// <summary>The data rows of the failures grid (not its header, not the "no failures" row).</summary>
    private static ILocator FailureRows(IPage page, string title = "Failures") =>
        FailuresGrid(page, title).GetByRole(AriaRole.Row)
            .Filter(new() { HasNot = page.GetByRole(AriaRole.Columnheader) })
            .Filter(new() { Has = page.GetByRole(AriaRole.Cell).Nth(6) });

    /// <summary>Each shown failure's "Error" cell is one of these: the plain sentence with the code, then whether a retry helps.</summary>
    private static async Task ExpectErrorCellsAsync(IPage page, string rejected, string transient, string title = "Failures")
    {
        var rows = FailureRows(page, title);
        for (var i = await rows.CountAsync() - 1; i >= 0; i--)
        {
            var error = string.Join(' ', (await rows.Nth(i).GetByRole(AriaRole.Cell).Nth(2).InnerTextAsync()).Split(['\n', '\r'], StringSplitOptions.RemoveEmptyEntries));
            Assert.True(error == rejected || error == transient, $"row {i}: error \"{error}\", expected \"{rejected}\" or \"{transient}\"");
        }
    }

    private static async Task ExpectCodeOptionsAsync(IPage page, string label, IEnumerable<string> options)
    {
        await page.Select(label).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Listbox).GetByRole(AriaRole.Option)).ToHaveTextAsync(options.ToArray());
    }

    private static string Decoded(int? code, string culture) => TestText.In(culture, l => ErrorText.Plain(l, code ?? 0));

    private static string Failure(int code, string culture) => TestText.In(culture, l => $"{ErrorText.Plain(l, code)} {ErrorText.Retry(l, code)}");

    // ---- the database ----

    private async Task<Dictionary<DeliveryState, int>> ByStateAsync(int id)
    {
        await using var db = await app.DbAsync(Ct);
        return await db.Deliveries.Where(d => d.BroadcastId == id).GroupBy(d => d.State)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, Ct);
    }

    private static int Get(Dictionary<DeliveryState, int> byState, DeliveryState state) => byState.GetValueOrDefault(state);

    /// <summary>The failed deliveries' codes with their counts, most first, as the code filter lists them.</summary>
    private async Task<List<(int? Code, int Count)>> FailedCodesAsync(int id)
    {
        await using var db = await app.DbAsync(Ct);
        var codes = await db.Deliveries.Where(d => d.BroadcastId == id && d.State == DeliveryState.Failed).GroupBy(d => d.LastCode)
            .Select(g => new { g.Key, Count = g.Count() }).ToListAsync(Ct);
        return codes.OrderByDescending(c => c.Count).ThenBy(c => c.Key).Select(c => (c.Key, c.Count)).ToList();
    }

    private async Task<BroadcastState> StateAsync(int id)
    {
        await using var db = await app.DbAsync(Ct);
        return await db.Broadcasts.Where(b => b.Id == id).Select(b => b.State).SingleAsync(Ct);
    }

    // ---- measuring in the pages: when the click was dispatched, and when the other page's DOM changed ----

    private static async Task MarkClicksAsync(IPage page) =>
        await page.EvaluateAsync("() => { window.__clickedAt = null; document.addEventListener('click', () => { window.__clickedAt ??= Date.now(); }, { capture: true, once: true }); }");

    /// <summary>
    /// Notes in the page, as window.__marks[key], the moment it first shows all that is asked: a button of this name, a
    /// text exactly so (the state chip), a text starting so (a snackbar).
    /// </summary>
    private static async Task WatchForAsync(IPage page, string key, string? button = null, string? text = null, string? prefix = null) =>
        await page.EvaluateAsync("""
            ([key, button, text, prefix]) => {
                window.__marks = window.__marks || {};
                window.__marks[key] = null;
                const leaves = () => [...document.querySelectorAll('span, p, div')].filter(e => e.children.length === 0).map(e => e.textContent.trim());
                const shown = () => (!button || [...document.querySelectorAll('button')].some(b => b.textContent.trim() === button))
                    && (!text || leaves().includes(text)) && (!prefix || leaves().some(t => t.startsWith(prefix)));
                const observer = new MutationObserver(() => { if (shown()) { window.__marks[key] = Date.now(); observer.disconnect(); } });
                observer.observe(document.body, { childList: true, subtree: true, characterData: true });
            }
            """, new[] { key, button, text, prefix });

    private static async Task SeenAsync(IPage page, string key) =>
        await page.WaitForFunctionAsync("key => window.__marks[key] !== null", key, new() { PollingInterval = 10, Timeout = 10_000 });

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    private static async Task<string> InPageDelayAsync(IPage clicked, IPage watched, string key)
    {
        var at = await clicked.EvaluateAsync<double?>("() => window.__clickedAt");
        var seen = await watched.EvaluateAsync<double?>("key => window.__marks[key]", key);
        return at is { } c && seen is { } s ? (s - c).ToString("0", CultureInfo.InvariantCulture) : "?";
    }

    private static void Report(string line)
    {
        Xunit.TestContext.Current.SendDiagnosticMessage(line);
        Xunit.TestContext.Current.TestOutputHelper?.WriteLine(line);
        Console.WriteLine(line);
    }

    // ---- screenshots, to look at: TestResults/live/ under the repository ----

    private static async Task Shot(IPage page, string name)
    {
        var path = Path.Combine(ShotsFolder(), name + ".png");
        await page.ScreenshotAsync(new() { Path = path, FullPage = true });
        Report($"screenshot: {path}");
    }

    /// <summary>
    /// At 390 px: the top of the page and the failures table, each as the phone shows it (a full-page picture of a phone-width
    /// page is too tall to read), and how far the page is wider than the screen, with the elements that stick out.
    /// </summary>
    private static async Task ShotAtPhoneWidth(IPage page, string name, string failuresTitle = "Failures")
    {
        var desktop = page.ViewportSize;
        await page.SetViewportSizeAsync(390, 844);
        await Task.Delay(500, Ct); // MudBlazor's breakpoint listener re-lays the page out
        await page.EvaluateAsync("() => window.scrollTo(0, 0)");
        await page.ScreenshotAsync(new() { Path = Path.Combine(ShotsFolder(), name + ".png") });
        var top = await FailuresGrid(page, failuresTitle).EvaluateAsync<double>("e => e.getBoundingClientRect().top + window.scrollY - 64");
        await page.EvaluateAsync("y => window.scrollTo(0, y)", top);
        await page.ScreenshotAsync(new() { Path = Path.Combine(ShotsFolder(), name + "-failures.png") });
        var overflow = await page.EvaluateAsync<string>("""
            () => {
                const over = document.documentElement.scrollWidth - document.documentElement.clientWidth;
                const out = [...document.querySelectorAll('body *')]
                    .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1 && e.children.length === 0 && e.getClientRects().length > 0)
                    .slice(0, 6).map(e => `${e.tagName.toLowerCase()} "${(e.textContent || e.getAttribute('aria-label') || '').trim().slice(0, 30)}" right=${Math.round(e.getBoundingClientRect().right)}`);
                return `${over} px wider than the screen` + (out.length ? `; sticking out: ${out.join('; ')}` : '');
            }
            """);
        Report($"screenshot: {name}.png and {name}-failures.png at 390 px: the page is {overflow}");
        if (desktop is not null)
        {
            await page.SetViewportSizeAsync(desktop.Width, desktop.Height);
        }
    }

    private static string ShotsFolder()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "BotHub.Admin.sln")))
        {
            dir = dir.Parent;
        }

        var folder = Path.Combine(dir?.FullName ?? Path.GetTempPath(), "TestResults", "live");
        Directory.CreateDirectory(folder);
        return folder;
    }

    [GeneratedRegex(@"^([\d,]+) of")]
    private static partial Regex DoneCount();
}
