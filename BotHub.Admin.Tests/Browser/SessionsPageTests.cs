using BotHub.Admin.Data;
using BotHub.Admin.Features.Audit;
using BotHub.Admin.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BotHub.Admin.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class SessionsPageTests(BrowserFixture browser, TestApp app) : IClassFixture<TestApp>
{
    private const string Password = "sessions page passphrase";

    [Fact]
    public async Task User_SeesTheirSessions_AndEndsAnother_WhoseOpenPageIsSignedOut()
    {
        const string email = "sessions.page@test.local";
        await app.CreateUserAsync(email, Password);
        var other = await browser.NewPageAsync(app);
        await other.SignInAndWaitAsync(email, Password);
        var here = await browser.NewPageAsync(app);
        await here.SignInAndWaitAsync(email, Password);

        await here.GetByRole(AriaRole.Button, new() { Name = "Account" }).ClickAsync();
        await here.GetByRole(AriaRole.Menuitem, new() { Name = "Sessions" }).ClickAsync();
        await Expect(here.GetByRole(AriaRole.Heading, new() { Name = "Your sessions" })).ToBeVisibleAsync();
        await here.WaitForInteractiveAsync();

        var rows = here.GetByRole(AriaRole.Row).Filter(new() { HasText = "127.0.0.1" });
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(rows.Filter(new() { HasText = "This session" })).ToHaveCountAsync(1);
        var otherRow = rows.Filter(new() { HasNotText = "This session" });
        await Expect(otherRow).ToContainTextAsync("Chrome · Linux");

        await otherRow.GetByRole(AriaRole.Button, new() { NameRegex = new("^End session") }).ClickAsync();
        var dialog = here.GetByRole(AriaRole.Dialog);
        await Expect(dialog).ToContainTextAsync("That browser is signed out at once.");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "End session" }).ClickAsync();
        await Expect(here.GetByText("Session ended.")).ToBeVisibleAsync();
        await Expect(rows).ToHaveCountAsync(1);

        // The other page did nothing: revalidation (2 s in tests) signs it out; a reload asks to sign in.
        await Expect(other).ToHaveURLAsync(AppPages.LoginUrl(), new() { Timeout = 15_000 });
        await other.GotoAsync("/recipients");
        await Expect(other).ToHaveURLAsync(AppPages.LoginUrl());

        await here.ReloadAsync();
        await Expect(here.GetByRole(AriaRole.Heading, new() { Name = "Your sessions" })).ToBeVisibleAsync();
        await Expect(here.GetByRole(AriaRole.Button, new() { Name = "End all other sessions" })).ToBeDisabledAsync();
    }

    [Fact]
    public async Task EndAllOthers_AsksFirst_ThenSignsOutEveryOtherBrowser()
    {
        const string email = "sessions.all@test.local";
        await app.CreateUserAsync(email, Password);
        var others = new[] { await browser.NewPageAsync(app), await browser.NewPageAsync(app) };
        foreach (var page in others)
        {
            await page.SignInAndWaitAsync(email, Password);
        }

        var here = await browser.NewPageAsync(app);
        await here.SignInAndWaitAsync(email, Password);
        await here.OpenAsync("/account/sessions");
        await Expect(here.GetByRole(AriaRole.Row).Filter(new() { HasText = "127.0.0.1" })).ToHaveCountAsync(3);

        await here.GetByRole(AriaRole.Button, new() { Name = "End all other sessions" }).ClickAsync();
        var dialog = here.GetByRole(AriaRole.Dialog);
        await Expect(dialog).ToContainTextAsync("End your 2 other sessions?");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0); // closed, not only closing: its button has the same name as the page's
        await Expect(here.GetByRole(AriaRole.Row).Filter(new() { HasText = "127.0.0.1" })).ToHaveCountAsync(3);

        await here.GetByRole(AriaRole.Button, new() { Name = "End all other sessions" }).ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "End all other sessions" }).ClickAsync();
        await Expect(here.GetByText("2 sessions ended.")).ToBeVisibleAsync();
        foreach (var page in others)
        {
            await Expect(page).ToHaveURLAsync(AppPages.LoginUrl(), new() { Timeout = 15_000 });
        }

        await using var db = await app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>()
            .CreateDbContextAsync(TestContext.Current.CancellationToken);
        var audit = await db.AuditEntries.SingleAsync(e => e.ActorName == email && e.Kind == AuditKind.OtherSessionsEnded,
            TestContext.Current.CancellationToken);
        Assert.Equal("sessions ended: 2", audit.Details);
    }
}
