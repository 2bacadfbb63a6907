using BotHub.Admin.Features.Broadcasts;
using BotHub.Admin.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using BotHub.Admin.Features.Sending;

namespace BotHub.Admin.Tests.Browser;

/// <summary>
/// Every page, with its menus and dialogs open, under the app's Content-Security-Policy: the browser reports no
/// violation. Violations are caught twice: the document's securitypolicyviolation event and Chromium's console line.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ContentSecurityPolicyTests(BrowserFixture browser, ComposeTestApp app) : IClassFixture<ComposeTestApp>
{
    private const string Listen = """
        window.__cspViolations = [];
        document.addEventListener('securitypolicyviolation', e =>
            window.__cspViolations.push(`${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`));
        """;

    private readonly List<string> _violations = [];
    private readonly List<string> _sockets = [];

    [Fact]
    public async Task EveryPage_WithItsMenusAndDialogsOpen_ReportsNoViolation()
    {
        var broadcastId = await SeedBroadcastAsync();
        var page = await NewWatchedPageAsync();
        await WatcherSeesAViolationAsync(page);

        await page.SignInAndWaitAsync(TestApp.AdminEmail, TestApp.AdminPassword);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();
        await OpenMenuAsync(page, "Account", page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }));
        await OpenMenuAsync(page, "Language", page.GetByRole(AriaRole.Menuitem, new() { Name = "中文" }));
        await page.GetByRole(AriaRole.Button, new() { Name = "Switch to dark mode" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Switch to light mode" })).ToBeVisibleAsync();
        await CollectAsync(page, "dashboard");

        await page.OpenComposerAsync();
        await page.Select("Channel").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Listbox)).ToBeVisibleAsync();
        await page.Mouse.ClickAsync(700, 880);
        await Expect(page.GetByRole(AriaRole.Listbox)).ToHaveCountAsync(0);
        await page.ChooseTypeAsync("Image");
        // An https image the preview tries to show (nothing listens there: it fails fast, as a missing file would).
        await page.GetByLabel("File URL").FillAsync("https://127.0.0.1:9/promo.png");
        await Expect(page.GetByRole(AriaRole.Img, new() { Name = "Image of the message" }))
            .ToHaveTextAsync("This browser could not load the image; check that the provider can download it.");
        await OpenMenuAsync(page, "Insert variable", page.GetByRole(AriaRole.Menuitem, new() { Name = "{{name}}" }));
        await CollectAsync(page, "compose");

        // Within the circuit (the nav's links), then as full loads (a typed address). Compose holds unsaved work: leaving
        // asks first, in a dialog that must work under the policy too.
        await page.Navigation().GetByRole(AriaRole.Link, new() { Name = "Broadcasts", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog, new() { Name = "Leave without saving?" })
            .GetByRole(AriaRole.Button, new() { Name = "Leave and lose changes" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Broadcasts", Level = 1 })).ToBeVisibleAsync();
        await CollectAsync(page, "Broadcasts");
        await page.OpenAsync($"/broadcasts/{broadcastId}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"Broadcast #{broadcastId}");
        await CollectAsync(page, "broadcast");

        await NavigateAsync(page, "Recipients", "Recipients");
        await OpenDialogAsync(page, "Import CSV");
        await NavigateAsync(page, "API keys", "API keys");
        await OpenDialogAsync(page, "New channel");
        await NavigateAsync(page, "Users", "Users");
        await OpenDialogAsync(page, "New user");
        await NavigateAsync(page, "Audit log", "Audit log");
        await NavigateAsync(page, "Tier usage", "Tier usage");

        await page.OpenAsync("/compose/drafts");
        await CollectAsync(page, "drafts");
        await page.OpenAsync("/no-such-page");
        await Expect(page.GetByText("Page not found")).ToBeVisibleAsync();
        await CollectAsync(page, "not found");

        // Account pages are plain forms; their links lead back into the app by enhanced navigation.
        await page.GotoAsync("/Account/ChangePassword");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Change password" })).ToBeVisibleAsync();
        await CollectAsync(page, "change password");
        await page.GotoAsync("/Account/AccessDenied");
        await page.GetByRole(AriaRole.Link, new() { Name = "Go to the dashboard" }).ClickAsync();
        await page.WaitForInteractiveAsync();
        await CollectAsync(page, "access denied, then home");
        await page.SignOutAsync();
        await CollectAsync(page, "sign-in page after signing out");

        Assert.True(_violations.Count == 0, "CSP violations:\n" + string.Join('\n', _violations));
        // The circuit ran over a WebSocket to the app itself, which connect-src 'self' allowed.
        Assert.Contains(_sockets, url => url.StartsWith(app.BaseUrl.ToString().Replace("http", "ws", StringComparison.Ordinal), StringComparison.Ordinal));
    }

    private async Task<IPage> NewWatchedPageAsync()
    {
        var page = await browser.NewPageAsync(app);
        await page.Context.AddInitScriptAsync(Listen);
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                lock (_violations)
                {
                    _violations.Add($"console: {message.Text}");
                }
            }
        };
        page.WebSocket += (_, socket) =>
        {
            lock (_sockets)
            {
                _sockets.Add(socket.Url);
            }
        };
        return page;
    }

    /// <summary>The watch itself: an inline script added by hand is refused, and both the event and the console tell.</summary>
    private async Task WatcherSeesAViolationAsync(IPage page)
    {
        await page.GotoAsync("/Account/Login");
        var console = page.WaitForConsoleMessageAsync(new() { Predicate = m => m.Text.Contains("Content Security Policy", StringComparison.Ordinal) });
        await page.EvaluateAsync("() => { const s = document.createElement('script'); s.textContent = 'window.__ran = 1'; document.head.append(s); }");
        await console;
        await page.WaitForFunctionAsync("() => window.__cspViolations.length > 0");
        await CollectAsync(page, "self-check");

        Assert.False(await page.EvaluateAsync<bool>("() => window.__ran === 1"));
        lock (_violations)
        {
            Assert.Contains(_violations, v => v.StartsWith("self-check: script-src-elem blocked inline", StringComparison.Ordinal));
            Assert.Contains(_violations, v => v.StartsWith("console: ", StringComparison.Ordinal));
            _violations.Clear();
        }
    }

    /// <summary>Takes what the current document reported (before a full load replaces it).</summary>
    private async Task CollectAsync(IPage page, string where)
    {
        var found = await page.EvaluateAsync<string[]>("() => window.__cspViolations ?? []");
        lock (_violations)
        {
            _violations.AddRange(found.Select(v => $"{where}: {v}"));
        }
    }

    private async Task NavigateAsync(IPage page, string link, string heading)
    {
        await page.Navigation().GetByRole(AriaRole.Link, new() { Name = link, Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = heading, Level = 1 })).ToBeVisibleAsync();
        await CollectAsync(page, link);
    }

    private async Task OpenMenuAsync(IPage page, string button, ILocator item)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = button }).First.ClickAsync();
        await Expect(item).ToBeVisibleAsync();
        // A click beside the menu (on its overlay) closes it.
        await page.Mouse.ClickAsync(700, 880);
        await Expect(item).ToBeHiddenAsync();
        await CollectAsync(page, $"menu {button}");
    }

    private async Task OpenDialogAsync(IPage page, string button)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = button }).First.ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Expect(dialog).ToBeVisibleAsync();
        await CollectAsync(page, $"dialog {button}");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel", Exact = true }).ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);
    }

    private async Task<int> SeedBroadcastAsync()
    {
        await using var db = await app.DbAsync();
        var channel = await app.ChannelAsync();
        var broadcast = await db.AddBroadcastAsync(channel.Id, BroadcastState.Completed, DateTime.UtcNow.AddHours(-1), "Spring offer",
            BroadcastSeed.Delivery("+4915500000021", DeliveryState.Sent, "Ana Lima"),
            BroadcastSeed.Delivery("+4915500000022", DeliveryState.Queued).Failed(131026, message: "Receiver is incapable"));
        return broadcast.Id;
    }
}
