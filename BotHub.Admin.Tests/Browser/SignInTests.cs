using BotHub.Admin.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BotHub.Admin.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class SignInTests(BrowserFixture browser, TestApp app) : IClassFixture<TestApp>
{
    [Fact]
    public async Task BootstrapAdmin_SignsIn_SeesDashboard_AndSignsOut()
    {
        var page = await browser.NewPageAsync(app);

        await page.GotoAsync("/");
        await Expect(page).ToHaveURLAsync(AppPages.LoginUrl());

        await page.SignInAndWaitAsync(TestApp.AdminEmail, TestApp.AdminPassword);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByText($"Signed in as {TestApp.AdminEmail}.")).ToBeVisibleAsync();

        // Development needs no phone: two-step sign-in is offered, and "Not now" puts the offer away for good.
        var offer = page.GetByRole(AriaRole.Region, new() { Name = "Two-step sign-in" });
        await Expect(offer.GetByRole(AriaRole.Link, new() { Name = "Set up" })).ToBeVisibleAsync();
        await offer.GetByRole(AriaRole.Button, new() { Name = "Not now" }).ClickAsync();
        await Expect(offer).ToBeHiddenAsync();
        await page.ReloadAsync();
        await page.WaitForInteractiveAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard", Level = 1 })).ToBeVisibleAsync();
        await Expect(offer).ToBeHiddenAsync();

        await page.SignOutAsync();
        await page.GotoAsync("/");
        await Expect(page).ToHaveURLAsync(AppPages.LoginUrl());
    }

    [Fact]
    public async Task WrongPassword_ShowsError_AndStaysSignedOut()
    {
        var page = await browser.NewPageAsync(app);

        await page.SignInAsync(TestApp.AdminEmail, "not the right passphrase");

        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Wrong email or password.");
        await Expect(page).ToHaveURLAsync(AppPages.LoginUrl());
    }

    [Fact]
    public async Task UnknownEmail_AnswersLikeAWrongPassword()
    {
        var page = await browser.NewPageAsync(app);

        await page.SignInAsync("nobody.at.all@test.local", "some passphrase");

        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Wrong email or password.");
        await Expect(page).ToHaveURLAsync(AppPages.LoginUrl());
    }
}
