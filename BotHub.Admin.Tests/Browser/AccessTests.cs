using BotHub.Admin.Features.Users;
using BotHub.Admin.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using BotHub.Admin.Features.Security;

namespace BotHub.Admin.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class AccessTests(BrowserFixture browser, TestApp app) : IClassFixture<TestApp>
{
    [Fact]
    public async Task Staff_DoesNotSeeAdminPagesInNavigation_AndGetsAccessDeniedOnApiKeys()
    {
        await app.CreateUserAsync("staff.access@test.local", "staff passphrase one", Roles.Staff);
        var page = await browser.NewPageAsync(app);
        await page.SignInAndWaitAsync("staff.access@test.local", "staff passphrase one");

        var nav = page.Navigation();
        await Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Compose" })).ToBeVisibleAsync();
        await Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Recipients" })).ToBeVisibleAsync();
        await Expect(nav.GetByRole(AriaRole.Link, new() { Name = "API keys" })).ToHaveCountAsync(0);
        await Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Users" })).ToHaveCountAsync(0);
        await Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Audit log" })).ToHaveCountAsync(0);
        await Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Tier usage" })).ToHaveCountAsync(0);

        await page.GotoAsync("/keys");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Access denied" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "API keys" })).ToHaveCountAsync(0);

        await page.GotoAsync("/audit");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Access denied" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Manager_SeesTierUsage_ButNotApiKeys()
    {
        await app.CreateUserAsync("manager.access@test.local", "manager passphrase one", Roles.Manager);
        var page = await browser.NewPageAsync(app);
        await page.SignInAndWaitAsync("manager.access@test.local", "manager passphrase one");

        await page.Navigation().GetByRole(AriaRole.Link, new() { Name = "Tier usage" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Tier usage", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Navigation().GetByRole(AriaRole.Link, new() { Name = "API keys" })).ToHaveCountAsync(0);

        await page.GotoAsync("/keys");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Access denied" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Admin_SeesEveryPageInNavigation_AndOpensApiKeys()
    {
        var page = await browser.NewPageAsync(app);
        await page.SignInAndWaitAsync(TestApp.AdminEmail, TestApp.AdminPassword);

        foreach (var name in new[] { "Home", "Compose", "Broadcasts", "Recipients", "Tier usage", "API keys", "Users", "Audit log" })
        {
            await Expect(page.Navigation().GetByRole(AriaRole.Link, new() { Name = name, Exact = true })).ToBeVisibleAsync();
        }

        await page.Navigation().GetByRole(AriaRole.Link, new() { Name = "API keys" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "API keys", Level = 1 })).ToBeVisibleAsync();
    }
}
