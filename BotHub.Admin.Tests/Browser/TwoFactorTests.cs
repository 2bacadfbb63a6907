using BotHub.Admin.Tests.Infrastructure;
using BotHub.Admin.Tests.Integration.Account;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BotHub.Admin.Tests.Browser;

/// <summary>Two-step sign-in in Chromium: the test plays the phone, computing codes from the key the page shows.</summary>
[Collection(BrowserCollection.Name)]
public sealed class TwoFactorTests(BrowserFixture browser, MfaRequiredTestApp app) : IClassFixture<MfaRequiredTestApp>
{
    [Fact]
    public async Task Admin_CannotReachUsersBeforeEnrolling_ThenSignsInWithACode_AndOnceWithARecoveryCode()
    {
        var page = await browser.NewPageAsync(app);

        // Auth:RequireMfaFor=Admin: after the password, enrolment and nothing else.
        await page.SignInAsync(TestApp.AdminEmail, TestApp.AdminPassword);
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Account/EnableAuthenticator$"));
        await page.GotoAsync("users");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Account/EnableAuthenticator$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Set up two-step sign-in" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Img, new() { Name = "QR code for your authenticator app" })).ToBeVisibleAsync();

        var key = await page.GetByLabel("Setup key").InnerTextAsync();
        await page.GetByLabel("Authenticator code").FillAsync(Authenticator.Code(key));
        await page.GetByRole(AriaRole.Button, new() { Name = "Turn on" }).ClickAsync();
        var codes = page.GetByRole(AriaRole.List, new() { Name = "Recovery codes" }).GetByRole(AriaRole.Listitem);
        await Expect(codes).ToHaveCountAsync(10);
        var recoveryCode = (await codes.First.InnerTextAsync()).Trim();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Download" })).ToHaveAttributeAsync("download", "bothub-recovery-codes.txt");

        await page.GetByRole(AriaRole.Link, new() { Name = "Continue" }).ClickAsync();
        await page.WaitForInteractiveAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard", Level = 1 })).ToBeVisibleAsync();
        await page.SignOutAsync();

        // The password alone no longer signs in: a code is asked for.
        await page.SignInAsync(TestApp.AdminEmail, TestApp.AdminPassword);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Two-step sign-in" })).ToBeVisibleAsync();
        await page.GetByLabel("Authenticator code").FillAsync(Authenticator.Code(key));
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForInteractiveAsync();
        await page.OpenAsync("users");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Users", Level = 1 })).ToBeVisibleAsync();
        await page.SignOutAsync();

        // No phone: a recovery code, once.
        await page.SignInAsync(TestApp.AdminEmail, TestApp.AdminPassword);
        await page.GetByRole(AriaRole.Link, new() { Name = "Use a recovery code" }).ClickAsync();
        await page.GetByLabel("Recovery code").FillAsync(recoveryCode);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForInteractiveAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard", Level = 1 })).ToBeVisibleAsync();
        await page.GotoAsync("Account/TwoFactor");
        await Expect(page.GetByText("Recovery codes left: 9")).ToBeVisibleAsync();
    }
}
