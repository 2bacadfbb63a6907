using BotHub.Admin.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BotHub.Admin.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class ShellTests(BrowserFixture browser, TestApp app) : IClassFixture<TestApp>
{
    [Fact]
    public async Task DarkMode_IsRememberedForTheUser_InAnotherBrowser()
    {
        await app.CreateUserAsync("dark@test.local", "dark mode passphrase");
        var page = await browser.NewPageAsync(app);
        await page.SignInAndWaitAsync("dark@test.local", "dark mode passphrase");
        var lightBackground = await BackgroundAsync(page);

        await page.GetByRole(AriaRole.Button, new() { Name = "Switch to dark mode" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Switch to light mode" })).ToBeVisibleAsync();
        Assert.NotEqual(lightBackground, await BackgroundAsync(page));

        // A new browser context has no cookie or storage of the old one: the choice comes from the user.
        var other = await browser.NewPageAsync(app);
        await other.SignInAndWaitAsync("dark@test.local", "dark mode passphrase");
        await Expect(other.GetByRole(AriaRole.Button, new() { Name = "Switch to light mode" })).ToBeVisibleAsync();
        Assert.NotEqual(lightBackground, await BackgroundAsync(other));
    }

    [Fact]
    public async Task PhoneWidth_NavigationOpensFromTheMenuButton()
    {
        var page = await browser.NewPageAsync(app, phone: true);
        await page.SignInAndWaitAsync(TestApp.AdminEmail, TestApp.AdminPassword);
        var users = page.Navigation().GetByRole(AriaRole.Link, new() { Name = "Users" });
        await Expect(users).Not.ToBeInViewportAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Open or close navigation" }).ClickAsync();
        await Expect(users).ToBeInViewportAsync();
        await users.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Users", Level = 1 })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task UnknownAddress_ShowsPageNotFound()
    {
        var page = await browser.NewPageAsync(app);
        await page.SignInAndWaitAsync(TestApp.AdminEmail, TestApp.AdminPassword);
        var response = await page.GotoAsync("/no-such-page");
        Assert.Equal(404, response!.Status);
        await Expect(page.GetByText("Page not found")).ToBeVisibleAsync();
    }

    private static Task<string> BackgroundAsync(IPage page) =>
        page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor");
}
