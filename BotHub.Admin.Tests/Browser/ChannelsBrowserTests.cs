using System.Net.Http.Json;
using System.Text.RegularExpressions;
using BotHub.Admin.Data;
using BotHub.Admin.Features.Provider.Sandbox;
using BotHub.Admin.Features.Users;
using BotHub.Admin.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using BotHub.Admin.Features.Audit;
using BotHub.Admin.Features.Demo;
using BotHub.Admin.Features.Security;

namespace BotHub.Admin.Tests.Browser;

/// <summary>
/// The keys page (issue 9) on the real app in sandbox mode, whose in-app sandbox knows the app's channels and their enabled
/// keys from the database (ChannelsForSandbox, registered by AddProvider): a key added in the page works at once.
/// An admin creates a channel, adds a key, tests, rotates and disables keys; a full key is shown once and never again, and
/// every step is in the audit log without it.
/// Staff and managers: AccessTests covers them (no "API keys" link in the navigation, "Access denied" on /keys).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class ChannelsBrowserTests(BrowserFixture browser, TestApp app) : IClassFixture<TestApp>
{
    private const string AdminEmail = "keys.admin@test.local";
    private const string AdminPassword = "keys admin passphrase";
    private const string Bot = "+8613912345678";
    private const string ChannelName = "Spring sale bot";
    private const string FirstKey = "live-test-key-ABCD1234";
    private const string NewKey = "live-test-key-WXYZ5678";
    private const string FirstMasked = "••••1234";
    private const string NewMasked = "••••5678";
    private const string User = "+8613700001111";

    /// <summary>What was wider than a 390 px screen, asserted at the end so that every screenshot is taken first.</summary>
    private readonly List<string> _tooWide = [];

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    [Fact]
    public async Task AdminCreatesChannel_AddsTestsRotatesAndDisablesKeys_KeysShownOnceThenMasked_EveryStepAudited()
    {
        await app.CreateUserAsync(AdminEmail, AdminPassword, Roles.Admin);
        var page = await browser.NewPageAsync(app);
        await page.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]);
        await page.SignInAndWaitAsync(AdminEmail, AdminPassword);

        await page.Navigation().GetByRole(AriaRole.Link, new() { Name = "API keys" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Channels and API keys", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByText("No channels or API keys yet")).ToBeVisibleAsync();

        // A channel, through "New channel": its webhook secret is shown once on creation.
        await page.GetByRole(AriaRole.Button, new() { Name = "New channel" }).First.ClickAsync();
        var form = page.GetByRole(AriaRole.Dialog, new() { Name = "New channel" });
        await form.GetByLabel("Bot phone number").FillAsync(Bot);
        await form.GetByLabel("Name", new() { Exact = true }).FillAsync(ChannelName);
        await form.GetByLabel("Time zone").FillAsync("Shanghai");
        await page.GetByRole(AriaRole.Option, new() { Name = "Asia/Shanghai", Exact = true }).ClickAsync();
        await Expect(form.GetByLabel("Time zone")).ToHaveValueAsync("Asia/Shanghai");
        await page.SelectAsync("Tier", "tier 2");
        await page.ExpectSelectedAsync("Tier", "tier 2");
        await Shot(page, "0-new-channel");
        await form.GetByRole(AriaRole.Button, new() { Name = "Create", Exact = true }).ClickAsync();
        var webhookOnce = page.GetByRole(AriaRole.Dialog, new() { Name = "Webhook secret" });
        await Expect(webhookOnce).ToContainTextAsync("It is shown only this once.");
        await webhookOnce.GetByRole(AriaRole.Button, new() { Name = "I have copied it" }).ClickAsync();
        await Expect(page.GetByText("Channel created.")).ToBeVisibleAsync();

        var card = Card(page);
        await Expect(card.GetByRole(AriaRole.Heading, new() { Name = ChannelName })).ToBeVisibleAsync();
        await Expect(card).ToContainTextAsync($"{Bot} · Asia/Shanghai · tier 2");
        await Expect(card).ToContainTextAsync("No keys: this channel cannot send until a key is added.");

        // A key the admin chose: shown once in full, with a Copy button, then only its last four characters.
        await card.GetByRole(AriaRole.Button, new() { Name = "Add key" }).ClickAsync();
        var add = page.GetByRole(AriaRole.Dialog, new() { Name = $"Add a key to {ChannelName}" });
        await add.GetByLabel("API key", new() { Exact = true }).FillAsync(FirstKey);
        await add.GetByRole(AriaRole.Button, new() { Name = "Add key" }).ClickAsync();
        await ExpectShownOnceAsync(page, FirstKey, "a-key-once");
        await Expect(page.GetByText("Key added.")).ToBeVisibleAsync();
        await Expect(KeyRow(card, FirstMasked)).ToContainTextAsync("In use for sending");
        await Expect(KeyRow(card, FirstMasked)).ToContainTextAsync($"by {AdminEmail}");
        await ExpectNowhereAsync(page, FirstKey);
        await page.ReloadAsync();
        await page.WaitForInteractiveAsync();
        await Expect(KeyRow(card, FirstMasked)).ToContainTextAsync("In use for sending");
        await ExpectNowhereAsync(page, FirstKey);

        // Test: the sandbox knows the key from the database. The bot's own number has not written today: can_push false.
        await RunTestAsync(page, FirstMasked, phone: null,
            $"The key works, but a push may not be sent to {Bot} now (can_push false: {SandboxReplies.NoMessageToday}).", "b-test-cannot-push");
        // A user who wrote to the bot today (through the sandbox, which forwards the signed webhook to the app): a push may go.
        await WriteInAsync(User);
        await RunTestAsync(page, FirstMasked, User, $"The key works: the provider says a push may be sent to {User}.");
        await Expect(KeyRow(card, FirstMasked)).ToContainTextAsync("requests: 2, errors: 0");
        await Expect(KeyRow(card, FirstMasked)).Not.ToContainTextAsync("never");

        // Rotate: the new key is shown once and takes over for sending; the old one stays enabled.
        await card.GetByRole(AriaRole.Button, new() { Name = $"Rotate key {FirstMasked}" }).ClickAsync();
        var rotate = page.GetByRole(AriaRole.Dialog, new() { Name = $"Rotate key {FirstMasked}" });
        await Expect(rotate).ToContainTextAsync($"{FirstMasked} stays enabled and usable until you disable it");
        await rotate.GetByLabel("API key", new() { Exact = true }).FillAsync(NewKey);
        await rotate.GetByRole(AriaRole.Button, new() { Name = "Rotate", Exact = true }).ClickAsync();
        await ExpectShownOnceAsync(page, NewKey, "c-rotated-once");
        await Expect(page.GetByText($"New key added; {FirstMasked} stays enabled until you disable it.")).ToBeVisibleAsync();
        await Expect(KeyRow(card, NewMasked)).ToContainTextAsync("In use for sending");
        await Expect(KeyRow(card, FirstMasked)).ToContainTextAsync("Enabled");
        await Expect(KeyRow(card, FirstMasked)).Not.ToContainTextAsync("In use for sending");
        await ExpectNowhereAsync(page, FirstKey, NewKey);

        // Disable the old key, after confirming.
        await card.GetByRole(AriaRole.Button, new() { Name = $"Disable key {FirstMasked}" }).ClickAsync();
        var confirm = page.GetByRole(AriaRole.Dialog, new() { Name = $"Disable key {FirstMasked}" });
        await Expect(confirm).ToContainTextAsync("Requests with it stop; it can be enabled again.");
        await confirm.GetByRole(AriaRole.Button, new() { Name = "Disable", Exact = true }).ClickAsync();
        await Expect(page.GetByText($"Key {FirstMasked} disabled.")).ToBeVisibleAsync();
        await Expect(KeyRow(card, FirstMasked)).ToContainTextAsync("Disabled");
        await Expect(card.GetByRole(AriaRole.Button, new() { Name = $"Enable key {FirstMasked}" })).ToBeVisibleAsync();
        await Expect(KeyRow(card, NewMasked)).ToContainTextAsync("In use for sending");

        // The provider no longer knows the disabled key: its test is refused with 10002, and the page then warns about it.
        await RunTestAsync(page, FirstMasked, phone: null, "The key did not work. The provider refused the channel's API key: add a working key on the API keys page (10002).Provider's message: invalid API keyRequest id: ", "d-test-invalid-key");
        var warning = card.GetByRole(AriaRole.Alert).Filter(new() { HasText = $"{FirstMasked} failed at its latest use. The provider refused the channel's API key: add a working key on the API keys page (10002)." });
        await Expect(warning).ToContainTextAsync("Check the key in the provider's account, or add a valid key.");
        await Expect(KeyRow(card, FirstMasked)).ToContainTextAsync("requests: 3, errors: 1");
        await ExpectNowhereAsync(page, FirstKey, NewKey);
        // The snackbars go by themselves after a few seconds: the pictures show the page without them.
        await Expect(page.GetByText($"Key {FirstMasked} disabled.")).ToHaveCountAsync(0, new() { Timeout = 20_000 });
        await Expect(page.GetByText($"New key added; {FirstMasked} stays enabled until you disable it.")).ToHaveCountAsync(0, new() { Timeout = 20_000 });
        await Shot(page, "e-keys-en");
        await PhoneShotsAsync(page, "e-keys-en-phone");

        // The audit log: each step, by this admin, with only masked keys.
        await page.Navigation().GetByRole(AriaRole.Link, new() { Name = "Audit log" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Audit log", Level = 1 })).ToBeVisibleAsync();
        await page.GetByLabel("User").FillAsync(AdminEmail);
        var rows = page.GetByRole(AriaRole.Row).Filter(new() { HasText = AdminEmail });
        await ExpectAuditAsync(rows, "Channel created", Bot, 1);
        await ExpectAuditAsync(rows, "API key added", $"key {FirstMasked} added", 1);
        await ExpectAuditAsync(rows, "API key tested", $"key {FirstMasked} tested with a check to", 3);
        await ExpectAuditAsync(rows, "API key tested", $"to {User}: works: a push may be sent", 1);
        await ExpectAuditAsync(rows, "API key tested", "10002 invalid API key", 1);
        await ExpectAuditAsync(rows, "API key rotated", $"key {NewMasked} added to take over from key {FirstMasked}", 1);
        await ExpectAuditAsync(rows, "API key disabled", $"key {FirstMasked} disabled", 1);
        await ExpectNowhereAsync(page, FirstKey, NewKey);
        await Shot(page, "f-audit-en");
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(Ct))
        {
            var texts = await db.AuditEntries.Select(e => (e.Subject ?? "") + " " + (e.Details ?? "")).ToListAsync(Ct);
            Assert.DoesNotContain(texts, t => t.Contains(FirstKey, StringComparison.Ordinal) || t.Contains(NewKey, StringComparison.Ordinal));
        }

        // In Chinese, by the switch in the top bar: the same page, still masked.
        await page.Navigation().GetByRole(AriaRole.Link, new() { Name = "API keys" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Channels and API keys", Level = 1 })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Language" }).ClickAsync();
        await page.GetByRole(AriaRole.Menuitem, new() { Name = "中文" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "渠道与 API 密钥", Level = 1 })).ToBeVisibleAsync();
        await page.WaitForInteractiveAsync();
        Assert.EndsWith("/keys", page.Url, StringComparison.Ordinal);
        await Expect(KeyRow(card, NewMasked)).ToContainTextAsync("发送中使用");
        await Expect(KeyRow(card, FirstMasked)).ToContainTextAsync("已停用");
        await Expect(card.GetByRole(AriaRole.Alert)).ToContainTextAsync($"{FirstMasked} 最近一次使用失败。服务商拒绝了该渠道的 API 密钥");
        await ExpectNowhereAsync(page, FirstKey, NewKey);
        await Shot(page, "g-keys-zh");
        await PhoneShotsAsync(page, "g-keys-zh-phone");
        Assert.Empty(_tooWide);
    }

    // ---- steps and locators ----

    /// <summary>The channel's card, by its label (the channel's name).</summary>
    private static ILocator Card(IPage page) => page.GetByLabel(ChannelName, new() { Exact = true });

    /// <summary>A key's row in the card's table, by its masked key exactly (its warning row quotes the key in a longer text).</summary>
    private static ILocator KeyRow(ILocator card, string masked) =>
        card.GetByRole(AriaRole.Row).Filter(new() { Has = card.Page.GetByText(masked, new() { Exact = true }) });

    /// <summary>The once-only dialog: the full key with a Copy button that copies it; closed, the key has gone from the page.</summary>
    private static async Task ExpectShownOnceAsync(IPage page, string key, string shot)
    {
        var once = page.GetByRole(AriaRole.Dialog, new() { Name = "API key" });
        await Expect(once).ToContainTextAsync("It is shown only this once; afterwards only its last four characters are.");
        await Expect(once.GetByLabel("API key", new() { Exact = true })).ToHaveValueAsync(key);
        await Shot(page, shot);
        await once.GetByRole(AriaRole.Button, new() { Name = "Copy", Exact = true }).Last.ClickAsync();
        await Expect(once.GetByRole(AriaRole.Status)).ToHaveTextAsync("Copied.");
        Assert.Equal(key, await page.EvaluateAsync<string>("() => navigator.clipboard.readText()"));
        await once.GetByRole(AriaRole.Button, new() { Name = "I have copied it" }).ClickAsync();
        await Expect(once).ToHaveCountAsync(0);
    }

    /// <summary>The full keys are not in the page's HTML, nor in any input's value.</summary>
    private static async Task ExpectNowhereAsync(IPage page, params string[] keys)
    {
        var html = await page.ContentAsync();
        var values = await page.EvaluateAsync<string>("() => [...document.querySelectorAll('input, textarea')].map(e => e.value).join('\\n')");
        foreach (var key in keys)
        {
            Assert.DoesNotContain(key, html, StringComparison.Ordinal);
            Assert.DoesNotContain(key, values, StringComparison.Ordinal);
        }
    }

    /// <summary>"Test" on a key: one check to the number (the bot's own when null), its decoded answer, then "Done".</summary>
    private static async Task RunTestAsync(IPage page, string masked, string? phone, string expected, string? shot = null)
    {
        await Card(page).GetByRole(AriaRole.Button, new() { Name = $"Test key {masked}" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = $"Test key {masked}" });
        var number = dialog.GetByLabel("Phone number to check");
        await Expect(number).ToHaveValueAsync(Bot);
        if (phone is not null)
        {
            await number.FillAsync(phone);
        }

        await dialog.GetByRole(AriaRole.Button, new() { Name = "Test", Exact = true }).ClickAsync();
        await Expect(dialog.GetByRole(AriaRole.Status)).ToContainTextAsync(expected);
        if (shot is not null)
        {
            await Shot(page, shot);
        }

        await dialog.GetByRole(AriaRole.Button, new() { Name = "Done" }).ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);
    }

    /// <summary>The user writes to the bot through the sandbox; it records the opt-in and forwards the signed webhook to the app.</summary>
    private async Task WriteInAsync(string user)
    {
        using var http = app.Services.GetRequiredService<SandboxServer>().NewControlClient();
        using var response = await http.PostAsJsonAsync("/_sandbox/inbound", new { bot = Bot, from = user, name = "User", text = "Hello" }, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.IsSuccessStatusCode, body);
        Assert.Contains("\"delivered\":true", body, StringComparison.Ordinal);
    }

    private static async Task ExpectAuditAsync(ILocator rows, string kind, string text, int count) =>
        await Expect(rows.Filter(new() { HasText = kind }).Filter(new() { HasText = text })).ToHaveCountAsync(count);

    // ---- screenshots, to look at: TestResults/keys/ under the repository ----

    private static async Task Shot(IPage page, string name)
    {
        var path = Path.Combine(ShotsFolder(), name + ".png");
        await page.ScreenshotAsync(new() { Path = path, FullPage = true });
        Report($"screenshot: {path}");
    }

    /// <summary>
    /// At 390 px: the top of the page, the channel's keys, and a key's test dialog, as the phone shows them; and the page must
    /// not be wider than the screen.
    /// </summary>
    private async Task PhoneShotsAsync(IPage page, string name)
    {
        var desktop = page.ViewportSize;
        await page.SetViewportSizeAsync(390, 844);
        await Task.Delay(500, Ct); // MudBlazor's breakpoint listener re-lays the page out
        await page.EvaluateAsync("() => window.scrollTo(0, 0)");
        await page.ScreenshotAsync(new() { Path = Path.Combine(ShotsFolder(), name + ".png") });
        await Card(page).GetByRole(AriaRole.Row).Filter(new() { Has = page.GetByText(FirstMasked, new() { Exact = true }) }).ScrollIntoViewIfNeededAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(ShotsFolder(), name + "-keys.png") });
        var overflow = await page.EvaluateAsync<string>("""
            () => {
                const over = document.documentElement.scrollWidth - document.documentElement.clientWidth;
                const out = [...document.querySelectorAll('body *')]
                    .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1 && e.children.length === 0 && e.getClientRects().length > 0)
                    .slice(0, 6).map(e => `${e.tagName.toLowerCase()} "${(e.textContent || e.getAttribute('aria-label') || '').trim().slice(0, 30)}" right=${Math.round(e.getBoundingClientRect().right)}`);
                return `${over} px wider than the screen` + (out.length ? `; sticking out: ${out.join('; ')}` : '');
            }
            """);
        Report($"screenshot: {name}.png and {name}-keys.png at 390 px: the page is {overflow}");

        await KeyRow(Card(page), NewMasked).GetByRole(AriaRole.Button).First.ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Expect(dialog.GetByRole(AriaRole.Textbox)).ToHaveValueAsync(Bot);
        await page.ScreenshotAsync(new() { Path = Path.Combine(ShotsFolder(), name + "-test-dialog.png") });
        var dialogOverflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        await dialog.GetByRole(AriaRole.Button).Filter(new() { HasTextRegex = DoneButton() }).ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);

        if (!overflow.StartsWith("0 px", StringComparison.Ordinal) || dialogOverflow != 0)
        {
            _tooWide.Add($"{name}: at 390 px the page is {overflow}; with the test dialog open, {dialogOverflow} px wider");
        }

        if (desktop is not null)
        {
            await page.SetViewportSizeAsync(desktop.Width, desktop.Height);
        }
    }

    private static void Report(string line)
    {
        Xunit.TestContext.Current.SendDiagnosticMessage(line);
        Xunit.TestContext.Current.TestOutputHelper?.WriteLine(line);
        Console.WriteLine(line);
    }

    private static string ShotsFolder()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "BotHub.Admin.sln")))
        {
            dir = dir.Parent;
        }

        var folder = Path.Combine(dir?.FullName ?? Path.GetTempPath(), "TestResults", "keys");
        Directory.CreateDirectory(folder);
        return folder;
    }

    [GeneratedRegex("^(Done|完成)$")]
    private static partial Regex DoneButton();
}
