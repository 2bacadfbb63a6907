using System.Globalization;
using System.Reflection;
using System.Resources;
using System.Text.RegularExpressions;
using BotHub.Admin.Data;
using BotHub.Admin.Features.Audit;
using BotHub.Admin.Features.Broadcasts;
using BotHub.Admin.Features.Recipients;
using BotHub.Admin.Features.Security;
using BotHub.Admin.Resources;
using BotHub.Admin.Tests.Infrastructure;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static BotHub.Admin.Tests.Infrastructure.BroadcastSeed;
using static Microsoft.Playwright.Assertions;
using BotHub.Admin.Features.Sending;

namespace BotHub.Admin.Tests.Browser;

/// <summary>
/// Every page, and the dialogs people open from them, with the UI in Chinese: no English sentence (two English words or
/// more in a row) is left in what a person reads or a screen reader says (text, aria-labels, placeholders, titles), except
/// the few things that are rightly the same in every language (<see cref="Allowed"/>). The data is seeded with Chinese
/// names so that what is found is the app's own wording.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class ChineseWalkTests(BrowserFixture browser, ChineseWalkTests.App app) : IClassFixture<ChineseWalkTests.App>, IAsyncLifetime
{
    public sealed class App : ComposeTestApp
    {
        protected override IDictionary<string, string?> Settings
        {
            get
            {
                var s = base.Settings;
                s["Bsp:Channels:0:Name"] = "测试频道";
                return s;
            }
        }
    }

    private const string Chinese = "zh-CN";
    private const string StaffEmail = "walk.staff@test.local";

    private static readonly ResourceManager Strings = new(typeof(Strings));

    /// <summary>
    /// English that may stand on a Chinese page, each with why: brand and product names, protocol and format names, and
    /// data of the kind no language changes (emails, web addresses, phone numbers, codes, time-zone ids) matched below.
    /// </summary>
    private static readonly string[] Allowed =
    [
        "BotHub Admin", // the product's name
        "Google Authenticator", "Microsoft Authenticator", // apps named on the two-step set-up page
    ];

    /// <summary>
    /// Single words that are names, not English: the messenger, the formats and protocols (also written in capitals in
    /// Chinese text). Acronyms in capitals (API, CSV, UTC, HTTP, URL, ID, PNG...) are taken out by the pattern below.
    /// </summary>
    private static readonly string[] AllowedWords = ["WhatsApp", "BotHub", "Webhook", "webhook", "can_push"];

    private int _broadcastId;

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    /// <summary>A string of the Chinese resources, to find a control by the label a Chinese reader sees.</summary>
    private static string Zh(string key) => Strings.GetString(key, CultureInfo.GetCultureInfo(Chinese))
        ?? throw new InvalidOperationException($"No resource {key}");

    public async ValueTask InitializeAsync()
    {
        await using var db = await app.DbAsync();
        if (await db.Broadcasts.AnyAsync(Ct))
        {
            _broadcastId = await db.Broadcasts.Select(b => b.Id).MaxAsync(Ct);
            return;
        }

        await app.CreateUserAsync(StaffEmail, "walk staff passphrase", "Staff");
        await db.AddChannelAsync("北区频道", "Asia/Shanghai"); // made in the app, so its keys can be added (the configured one's cannot)
        var channel = await app.ChannelAsync();
        var now = app.Time.GetUtcNow().UtcDateTime;
        var people = new[] { ("+8613900000001", "王芳"), ("+8613900000002", "李娜"), ("+8613900000003", "张伟") }
            .Select(p => new Recipient
            {
                Phone = p.Item1, Name = p.Item2, OptIn = OptInStatus.OptedIn, OptInSource = OptInSource.Manual, CreatedUtc = now.AddDays(-3),
                Attributes = new() { ["city"] = "北京" }, Tags = [new RecipientTag { Tag = "贵宾" }],
            }).ToList();
        db.Recipients.AddRange(people);
        await db.SaveChangesAsync(Ct);
        db.RecipientActivity.AddRange(people.Select(p => new RecipientChannelActivity
        {
            RecipientId = p.Id, ChannelId = channel.Id, LastInboundUtc = now.AddMinutes(-5),
        }));
        await db.SaveChangesAsync(Ct);

        await db.AddBroadcastAsync(channel.Id, BroadcastState.Cancelled, now.AddHours(-3), "周末活动",
            Delivery("+8613900000011", DeliveryState.Sent), Delivery("+8613900000012", DeliveryState.Cancelled));
        await db.AddBroadcastAsync(channel.Id, BroadcastState.Sending, now.AddHours(-2), "新菜单上线",
            Delivery("+8613900000013", DeliveryState.Sent), Delivery("+8613900000014", DeliveryState.Queued));
        var done = await db.AddBroadcastAsync(channel.Id, BroadcastState.Completed, now.AddHours(-1), "您好，欢迎光临",
            Delivery("+8613900000001", DeliveryState.Sent),
            Delivery("+8613900000021", DeliveryState.Sent).Failed(10100),
            Delivery("+8613900000022", DeliveryState.Sent).Failed(41022),
            Excluded("+8613900000023", ExclusionReason.OptedOut));
        _broadcastId = done.Id;
        var sent = await db.Deliveries.Where(d => d.BroadcastId == done.Id && d.State == DeliveryState.Sent).Select(d => d.Id).FirstAsync(Ct);
        await db.AddAttemptsAsync(sent,
            Attempt(Features.Sending.AttemptKind.Check, now.AddMinutes(-59), Features.Provider.OutcomeKind.Accepted, 200),
            Attempt(Features.Sending.AttemptKind.Send, now.AddMinutes(-58), Features.Provider.OutcomeKind.Accepted, 200));

        // The audit log with entries of many kinds, written the way the app writes them.
        var log = app.Services.GetRequiredService<AuditLog>();
        var admin = new AuditActor(null, TestApp.AdminEmail, "127.0.0.1");
        await log.WriteAsync(admin, AuditKind.ApiKeyAdded, channel.BotPhone, AuditText.Of("AuditDetail.Key.Added", "••••1234"), Ct);
        await log.WriteAsync(admin, AuditKind.RecipientsTagged, "贵宾",
            AuditText.Of("AuditDetail.Tagged", 2, 3, AuditText.Of("AuditDetail.Scope.Selection", 3)), Ct);
        await log.WriteAsync(admin, AuditKind.BroadcastCompleted, $"broadcast {done.Id}",
            BroadcastOutcome.AuditOf(BroadcastEnding.CompletedWithFailures, new BroadcastTally(1, 2, 1, 0, 0, 0), 0), Ct);
        await log.WriteAsync(admin, AuditKind.RolesChanged, StaffEmail,
            AuditText.Of("AuditDetail.RolesChanged", AuditText.List([AuditText.Of("Role.Staff")]), AuditText.List([AuditText.Of("Role.Manager")]), 1), Ct);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>Every routable page of the app, with its parameters filled in.</summary>
    private List<string> Pages() => typeof(Program).Assembly.GetTypes()
        .SelectMany(t => t.GetCustomAttributes<RouteAttribute>())
        .Select(r => r.Template.Replace("{Id:int}", _broadcastId.ToString(CultureInfo.InvariantCulture), StringComparison.OrdinalIgnoreCase))
        .Distinct()
        .Order(StringComparer.Ordinal)
        .ToList();

    [Fact]
    public async Task EveryPageAndDialog_InChinese_HasNoEnglishSentence()
    {
        var found = new List<string>();
        var page = await browser.NewPageAsync(app);

        // Before signing in: the sign-in page, chosen in Chinese the way a person does (the language link).
        await page.GotoAsync($"culture/set?culture={Chinese}&redirectUri=%2FAccount%2FLogin");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = Zh("Login.Title") })).ToBeVisibleAsync();
        await CollectAsync(page, "/Account/Login", found);
        await page.GetByLabel(Zh("Login.Email")).FillAsync(TestApp.AdminEmail);
        await page.GetByLabel(Zh("Login.Password")).FillAsync("a wrong passphrase");
        await page.GetByRole(AriaRole.Button, new() { Name = Zh("Login.Submit") }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToBeVisibleAsync();
        await CollectAsync(page, "/Account/Login (wrong password)", found);
        await page.GetByLabel(Zh("Login.Password")).FillAsync(TestApp.AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = Zh("Login.Submit") }).ClickAsync();
        await page.WaitForInteractiveAsync();

        var pages = Pages();
        Assert.True(pages.Count >= 20, $"Only {pages.Count} pages found: {string.Join(", ", pages)}");
        foreach (var path in pages)
        {
            await page.GotoAsync(path.TrimStart('/'));
            await SettleAsync(page);
            await CollectAsync(page, path, found);
        }

        await ComposeConfirmationAsync(page, found);
        await DialogAsync(page, "/recipients", Zh("Recipients.Import"), found);
        await DialogAsync(page, "/keys", Zh("Keys.Add"), found);
        await DialogAsync(page, "/keys", Zh("Channels.New"), found);
        await DialogAsync(page, "/users", Zh("Users.New"), found);

        Assert.True(found.Count == 0, "English on Chinese pages:\n" + string.Join("\n", found.Distinct()));
    }

    /// <summary>A page is read once its circuit is up (static account pages have none) and its lists have loaded.</summary>
    private static async Task SettleAsync(IPage page)
    {
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        if (await page.Locator("[data-interactive]").CountAsync() > 0)
        {
            await page.WaitForInteractiveAsync();
        }

        // Lists load their rows after the first render.
        await page.WaitForTimeoutAsync(800);
    }

    private static async Task ComposeConfirmationAsync(IPage page, List<string> found)
    {
        await page.OpenAsync("compose");
        await page.GetByLabel(Zh("Compose.Body")).FillAsync("您好 {{name}}，本周末见");
        await page.GetByRole(AriaRole.Tab, new() { Name = Zh("Compose.Pick.Paste"), Exact = true }).ClickAsync();
        await page.GetByLabel(Zh("Compose.Pick.Paste.Label")).FillAsync("+8613900000001\n+8613900000002\n12345");
        var send = page.GetByRole(AriaRole.Button, new() { Name = Zh("Compose.Send") });
        await Expect(send).ToBeEnabledAsync(new() { Timeout = 20_000 });
        await SettleAsync(page);
        await CollectAsync(page, "/compose (filled)", found);
        await send.ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = Zh("Compose.Confirm.Title") });
        await Expect(dialog).ToBeVisibleAsync();
        await CollectAsync(page, "/compose: send confirmation", found);
        await dialog.GetByRole(AriaRole.Button, new() { Name = Zh("Common.Cancel") }).ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();
    }

    private static async Task DialogAsync(IPage page, string path, string button, List<string> found)
    {
        await page.OpenAsync(path.TrimStart('/'));
        await page.GetByRole(AriaRole.Button, new() { Name = button }).First.ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Expect(dialog).ToBeVisibleAsync();
        await page.WaitForTimeoutAsync(300);
        await CollectAsync(page, $"{path}: dialog \"{button}\"", found);
        await page.Keyboard.PressAsync("Escape");
    }

    private static async Task CollectAsync(IPage page, string where, List<string> found)
    {
        var text = await page.EvaluateAsync<string>("""
            () => {
              const parts = [document.title, document.body.innerText];
              for (const el of document.querySelectorAll('[aria-label],[placeholder],[title],[alt],[aria-description]')) {
                for (const a of ['aria-label', 'placeholder', 'title', 'alt', 'aria-description']) {
                  const v = el.getAttribute(a);
                  if (v) parts.push(v);
                }
              }
              return parts.join('\n');
            }
            """);
        foreach (var line in text.Split('\n'))
        {
            found.AddRange(EnglishIn(line).Select(e => $"{where}: \"{e}\" in \"{TextCap.Cap(line.Trim(), 140)}\""));
        }
    }

    /// <summary>Runs of two or more English words, once what is the same in every language is taken out.</summary>
    public static IEnumerable<string> EnglishIn(string text)
    {
        foreach (var raw in text.Split('\n'))
        {
            var line = NotWords().Replace(raw, " ");
            foreach (var allowed in Allowed)
            {
                line = line.Replace(allowed, " ", StringComparison.Ordinal);
            }

            line = string.Join(' ', line.Split(' ').Select(w => AllowedWords.Contains(w) || Acronym().IsMatch(w) ? " " : w));

            foreach (Match m in EnglishRun().Matches(line))
            {
                yield return m.Value;
            }
        }
    }

    // Web addresses, emails, phone numbers and codes, time-zone ids (Asia/Shanghai), the two-step set-up key (groups of
    // four letters and digits), message ids (hex), and a browser's own User-Agent line (shown as it came, to recognise a session).
    [GeneratedRegex(@"Mozilla/\d.*|\b[0-9a-f]{16,}\b|https?://\S+|[\w.+-]+@[\w-]+(\.[\w-]+)+|\+?\d[\d \-]{4,}\d|\b[A-Z][a-z]+(/[A-Z][A-Za-z_-]+)+\b|\b([a-z0-9]{4} ){3,}[a-z0-9]{1,4}\b")]
    private static partial Regex NotWords();

    [GeneratedRegex(@"[A-Za-z][A-Za-z'’_-]*(?:[ \u00A0]+[A-Za-z][A-Za-z'’_-]*)+")]
    private static partial Regex EnglishRun();

    [GeneratedRegex(@"^[A-Z][A-Z0-9]{1,5}s?$")]
    private static partial Regex Acronym();

    [Theory]
    [InlineData("已添加密钥 ••••1234", new string[0])]
    [InlineData("您好	9e79f34979984cc4a010ea0a19a4581c", new string[0])]
    [InlineData("Time zone: Asia/Shanghai", new[] { "Time zone" })]
    [InlineData("王芳 wang@example.com +86 139 0000 0001 https://example.com/a b", new string[0])]
    [InlineData("Add key", new[] { "Add key" })]
    [InlineData("签到码 41015 text body missing", new[] { "text body missing" })]
    [InlineData("© BotHub Admin · WhatsApp API CSV", new string[0])]
    public void EnglishIn_FindsRunsOfWords_NotDataOrNames(string text, string[] expected) => Assert.Equal(expected, EnglishIn(text));
}
