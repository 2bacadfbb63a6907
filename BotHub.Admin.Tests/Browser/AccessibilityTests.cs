using System.Globalization;
using System.Text;
using BotHub.Admin.Data;
using BotHub.Admin.Features.Audit;
using BotHub.Admin.Features.Broadcasts;
using BotHub.Admin.Features.Compose;
using BotHub.Admin.Features.Demo;
using BotHub.Admin.Features.Users;
using BotHub.Admin.Tests.Infrastructure;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using BotHub.Admin.Features.Sending;
using BotHub.Admin.Features.Channels;
using BotHub.Admin.Features.Security;

namespace BotHub.Admin.Tests.Browser;

/// <summary>
/// axe-core (WCAG 2.0, 2.1 and 2.2, levels A and AA) on every page, signed out and signed in as an Admin with data on
/// the pages, in English and in Chinese, at desktop and at phone width: no serious and no critical violation. The
/// remaining ones (moderate, minor) are printed.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AccessibilityTests(BrowserFixture browser, AccessibilityTests.App app) : IClassFixture<AccessibilityTests.App>
{
    private static readonly string[] Tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

    private static readonly (string Culture, string Email, string Password, string SignIn)[] Languages =
        [("en", "Email", "Password", "Sign in"), ("zh-CN", "邮箱", "密码", "登录")];

    private static readonly (string Name, int Width, int Height)[] Widths = [("desktop", 1440, 900), ("phone", 390, 844)];

    [Fact]
    public async Task EveryPage_InBothLanguages_AtDesktopAndPhoneWidth_HasNoSeriousOrCriticalViolation()
    {
        var broadcastId = await app.SeedOnceAsync();
        string[] pages =
        [
            "/", "/compose", "/compose/drafts", "/broadcasts", $"/broadcasts/{broadcastId}", "/recipients", "/tiers", "/keys", "/users",
            "/audit", "/account/sessions", "/Account/ChangePassword", "/Account/TwoFactor", "/Account/EnableAuthenticator",
            "/Account/AccessDenied", "/not-found", "/Error",
        ];

        var found = new List<Finding>();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        foreach (var language in Languages)
        {
            foreach (var width in Widths)
            {
                var page = await NewPageAsync(width.Width, width.Height);
                await page.GotoAsync($"/culture/set?culture={language.Culture}&redirectUri=/Account/Login");
                await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();
                found.AddRange(await ScanAsync(page, "/Account/Login", language.Culture, width.Name));

                await page.GetByLabel(language.Email).FillAsync(TestApp.AdminEmail);
                await page.GetByLabel(language.Password).FillAsync(TestApp.AdminPassword);
                await page.GetByRole(AriaRole.Button, new() { Name = language.SignIn }).ClickAsync();
                await page.WaitForInteractiveAsync();
                foreach (var path in pages)
                {
                    await OpenAsync(page, path);
                    found.AddRange(await ScanAsync(page, path, language.Culture, width.Name));
                }

                await page.Context.CloseAsync();
            }
        }

        var report = Report(found, pages.Length + 1) + $"in {watch.Elapsed.TotalSeconds:F0} s, axe {_axeTime.TotalSeconds:F0} s";
        TestContext.Current.TestOutputHelper?.WriteLine(report);
        var blocking = found.Where(f => f.Impact is "serious" or "critical").ToList();
        Assert.True(blocking.Count == 0, report);
    }

    private async Task<IPage> NewPageAsync(int width, int height)
    {
        var context = await browser.Browser.NewContextAsync(new()
        {
            BaseURL = app.BaseUrl.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        context.SetDefaultTimeout(30_000);
        app.CloseBeforeStopping(context);
        return await context.NewPageAsync();
    }

    /// <summary>Opens a page and waits for its circuit (on the interactive pages) and its data.</summary>
    private static async Task OpenAsync(IPage page, string path)
    {
        await page.GotoAsync(path);
        if (await page.Locator("[data-interactive]").CountAsync() > 0)
        {
            await page.WaitForInteractiveAsync();
        }

        await Expect(page.Locator(".mud-table-loading, .mud-progress-circular.mud-progress-indeterminate")).ToHaveCountAsync(0);
        await page.WaitForTimeoutAsync(300); // transitions (drawer, fades) end before colours are measured
    }

    private static TimeSpan _axeTime;

    private static async Task<IEnumerable<Finding>> ScanAsync(IPage page, string path, string culture, string width)
    {
        var w = System.Diagnostics.Stopwatch.StartNew();
        var result = await page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = [.. Tags] },
            ResultTypes = [ResultType.Violations],
        });
        _axeTime += w.Elapsed;
        return result.Violations.Select(v => new Finding(path, culture, width, v.Id, v.Impact ?? "unknown", v.Nodes.Length,
            string.Join(" | ", v.Nodes.Take(3).Select(n => $"{n.Target} {Shorten(n.Html)} {n.Any.FirstOrDefault()?.Message}"))));
    }

    private static string Shorten(string html) => html.Length <= 160 ? html : html[..160] + "…";

    private static string Report(List<Finding> found, int pagesPerRun)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"axe ({string.Join(", ", Tags)}): {pagesPerRun} pages x {Languages.Length} languages x {Widths.Length} widths");
        foreach (var impact in new[] { "critical", "serious", "moderate", "minor" })
        {
            var of = found.Where(f => f.Impact == impact).ToList();
            var rules = string.Join(", ", of.GroupBy(f => f.Rule).Select(g => $"{g.Key} x{g.Count()}"));
            text.AppendLine(CultureInfo.InvariantCulture, $"{impact}: {of.Count} violations ({of.Sum(f => f.Nodes)} elements) {rules}");
        }

        foreach (var f in found.OrderBy(f => f.Path).ThenBy(f => f.Culture).ThenBy(f => f.Width))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {f.Path} [{f.Culture}, {f.Width}] {f.Rule} ({f.Impact}, {f.Nodes}): {f.Sample}");
        }

        return text.ToString();
    }

    private sealed record Finding(string Path, string Culture, string Width, string Rule, string Impact, int Nodes, string Sample);

    /// <summary>The demo data (a channel, 300 recipients, today's inbound), broadcasts in several states, drafts and users.</summary>
    public sealed class App : TestApp
    {
        protected override IDictionary<string, string?> Settings
        {
            get
            {
                var s = base.Settings;
                s["Demo:Seed"] = "true";
                return s;
            }
        }

        private readonly SemaphoreSlim _gate = new(1, 1);
        private int? _seeded;

        /// <summary>Seeds the pages' data (once per app); the id of a broadcast that ended with failures.</summary>
        public async Task<int> SeedOnceAsync()
        {
            await _gate.WaitAsync(TestContext.Current.CancellationToken);
            try
            {
                return _seeded ??= await SeedAsync();
            }
            finally
            {
                _gate.Release();
            }
        }

        public override async ValueTask DisposeAsync()
        {
            await base.DisposeAsync();
            _gate.Dispose();
        }

        private async Task<int> SeedAsync()
        {
            var ct = TestContext.Current.CancellationToken;
            var factory = Services.GetRequiredService<IDbContextFactory<AppDbContext>>();
            int channel;
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (true)
            {
                await using var poll = await factory.CreateDbContextAsync(ct);
                var demo = await poll.Channels.FirstOrDefaultAsync(c => c.BotPhone == DemoSeed.BotPhone, ct);
                if (demo is not null || DateTime.UtcNow > deadline)
                {
                    channel = demo?.Id ?? throw new InvalidOperationException("The demo channel was not seeded.");
                    break;
                }

                await Task.Delay(200, ct);
            }

            await using var db = await factory.CreateDbContextAsync(ct);
            var now = DateTime.UtcNow;
            var ended = await db.AddBroadcastAsync(channel, BroadcastState.Completed, now.AddHours(-2), "Spring offer: 20% off until Sunday",
                BroadcastSeed.Delivery("+4915500000031", DeliveryState.Sent, "Ana Lima"),
                BroadcastSeed.Delivery("+4915500000032", DeliveryState.Sent, "Ben Okafor"),
                BroadcastSeed.Delivery("+4915500000033", DeliveryState.Queued).Failed(131026, message: "Receiver is incapable"),
                BroadcastSeed.Excluded("+4915500000034", ExclusionReason.OptedOut));
            await db.AddBroadcastAsync(channel, BroadcastState.Sending, now.AddMinutes(-10), "Lunch menu",
                BroadcastSeed.Delivery("+4915500000035", DeliveryState.Sent), BroadcastSeed.Delivery("+4915500000036", DeliveryState.Queued));
            await db.AddBroadcastAsync(channel, BroadcastState.Cancelled, now.AddDays(-1), "Opening hours",
                BroadcastSeed.Delivery("+4915500000037", DeliveryState.Sent), BroadcastSeed.Delivery("+4915500000038", DeliveryState.Cancelled));

            await CreateUserAsync("li.wei@example.com", "staff passphrase one", Roles.Staff);
            await CreateUserAsync("maria.santos@example.com", "manager passphrase one", Roles.Manager);
            var admin = await db.Users.SingleAsync(u => u.Email == AdminEmail, ct);
            var actor = new AuditActor(admin.Id, AdminEmail, "127.0.0.1");
            var drafts = Services.GetRequiredService<DraftStore>();
            var model = new ComposeModel { ChannelId = channel, Message = new ComposedMessage { Type = "text", Body = "Hi {{name}}, we open at 9." } };
            await drafts.SaveDraftAsync(null, "Opening hours", model, actor, ct);
            await drafts.SaveTemplateAsync("Weekly greeting", model, actor, ct);
            return ended.Id;
        }
    }
}
