using BotHub.Admin.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BotHub.Admin.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class UsersPageTests(BrowserFixture browser, TestApp app) : IClassFixture<TestApp>
{
    [Fact]
    public async Task AdminCreatesManager_WithGeneratedPassword_WhoSignsInAndSeesTierUsage()
    {
        var admin = await browser.NewPageAsync(app);
        await admin.SignInAndWaitAsync(TestApp.AdminEmail, TestApp.AdminPassword);
        await admin.OpenAsync("/users");

        await admin.GetByRole(AriaRole.Button, new() { Name = "New user" }).ClickAsync();
        var dialog = admin.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Email").FillAsync("new.manager@test.local");
        await dialog.GetByLabel("Manager").CheckAsync();
        await dialog.GetByLabel("Staff").UncheckAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Create user" }).ClickAsync();

        var once = admin.GetByRole(AriaRole.Dialog, new() { Name = "New password for new.manager@test.local" });
        await Expect(once).ToContainTextAsync("It will not be shown again.");
        await Expect(once).ToContainTextAsync("This is the password of new.manager@test.local.");
        var password = await once.GetByLabel("Password").InputValueAsync();
        Assert.Equal(20, password.Length);
        await once.GetByRole(AriaRole.Button, new() { Name = "Done" }).ClickAsync();

        var row = admin.GetByRole(AriaRole.Row).Filter(new() { HasText = "new.manager@test.local" });
        await Expect(row).ToContainTextAsync("Manager");
        await Expect(row).ToContainTextAsync("Active");

        // A password the app made up is changed at the first sign-in, before anything else.
        var manager = await browser.NewPageAsync(app);
        await manager.SignInAsync("new.manager@test.local", password);
        await Expect(manager.GetByText("The password you signed in with was made by the app.")).ToBeVisibleAsync();
        await manager.GotoAsync("tiers");
        await Expect(manager.GetByRole(AriaRole.Heading, new() { Name = "Change password" })).ToBeVisibleAsync();
        await manager.GetByLabel("Current password").FillAsync(password);
        await manager.GetByLabel("New password", new() { Exact = true }).FillAsync("the manager's own passphrase");
        await manager.GetByLabel("Confirm new password").FillAsync("the manager's own passphrase");
        await manager.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();
        await Expect(manager.GetByRole(AriaRole.Status)).ToContainTextAsync("Your password has been changed.");
        await manager.OpenAsync("/");
        await Expect(manager.Navigation().GetByRole(AriaRole.Link, new() { Name = "Tier usage" })).ToBeVisibleAsync();
        await Expect(manager.Navigation().GetByRole(AriaRole.Link, new() { Name = "Users" })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task CreatingUserWithCommonPassword_IsRefusedWithTheReason()
    {
        var admin = await browser.NewPageAsync(app);
        await admin.SignInAndWaitAsync(TestApp.AdminEmail, TestApp.AdminPassword);
        await admin.OpenAsync("/users");

        await admin.GetByRole(AriaRole.Button, new() { Name = "New user" }).ClickAsync();
        var dialog = admin.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Email").FillAsync("weak@test.local");
        await dialog.GetByLabel("Password").FillAsync("password1234");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Create user" }).ClickAsync();

        await Expect(dialog.GetByRole(AriaRole.Alert)).ToHaveTextAsync("This password is too common. Choose another.");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Row).Filter(new() { HasText = "weak@test.local" })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task AdminDeletesUser_AfterConfirming_TheyAreSignedOut_AndTheListShowsLastSignIns()
    {
        const string email = "to.delete.page@test.local";
        const string password = "staff passphrase to delete";
        await app.CreateUserAsync(email, password);
        await app.CreateUserAsync("never.signed.in@test.local", password);
        var staff = await browser.NewPageAsync(app);
        await staff.SignInAndWaitAsync(email, password);

        var admin = await browser.NewPageAsync(app);
        await admin.SignInAndWaitAsync(TestApp.AdminEmail, TestApp.AdminPassword);
        await admin.OpenAsync("/users");
        var row = admin.GetByRole(AriaRole.Row).Filter(new() { HasText = email });
        await Expect(row).ToHaveCountAsync(1);
        // The browser's zone here is the machine's (UTC): the column names it and the time is today's in it.
        var headers = (await admin.GetByRole(AriaRole.Columnheader).AllInnerTextsAsync()).Select(h => h.Trim()).ToList();
        var column = headers.FindIndex(h => h is "Last sign-in (UTC)" or "Last sign-in (Etc/UTC)");
        Assert.True(column >= 0, $"no \"Last sign-in\" column naming the zone: {string.Join(" | ", headers)}");
        await Expect(row.GetByRole(AriaRole.Cell).Nth(column)).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(
            "^" + DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) + @" \d\d:\d\d$"));
        await Expect(admin.GetByRole(AriaRole.Row).Filter(new() { HasText = "never.signed.in@test.local" }).GetByRole(AriaRole.Cell).Nth(column))
            .ToHaveTextAsync("Never");

        // Cancelling keeps them; confirming deletes them.
        await admin.GetByRole(AriaRole.Button, new() { Name = $"Actions for {email}" }).ClickAsync();
        await admin.GetByRole(AriaRole.Menuitem, new() { Name = "Delete" }).ClickAsync();
        var confirm = admin.GetByRole(AriaRole.Dialog, new() { Name = $"Delete {email}" });
        await Expect(confirm).ToContainTextAsync("They are signed out at once and can no longer sign in.");
        await confirm.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Expect(row).ToHaveCountAsync(1);

        await admin.GetByRole(AriaRole.Button, new() { Name = $"Actions for {email}" }).ClickAsync();
        await admin.GetByRole(AriaRole.Menuitem, new() { Name = "Delete" }).ClickAsync();
        await confirm.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Expect(admin.GetByText($"{email} deleted.")).ToBeVisibleAsync();
        await Expect(row).ToHaveCountAsync(0);

        // Their open page loses access at the next check; their password no longer opens anything.
        await Expect(staff).ToHaveURLAsync(AppPages.LoginUrl(), new() { Timeout = 15_000 });
        await staff.SignInAsync(email, password);
        await Expect(staff).ToHaveURLAsync(AppPages.LoginUrl());
    }

    [Fact]
    public async Task CreatingAUserWhoseEmailIsTaken_SaysSoOnce()
    {
        await app.CreateUserAsync("taken.page@test.local", "taken page passphrase");
        var admin = await browser.NewPageAsync(app);
        await admin.SignInAndWaitAsync(TestApp.AdminEmail, TestApp.AdminPassword);
        await admin.OpenAsync("/users");

        await admin.GetByRole(AriaRole.Button, new() { Name = "New user" }).ClickAsync();
        var dialog = admin.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Email").FillAsync("taken.page@test.local");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Create user" }).ClickAsync();

        await Expect(dialog.GetByRole(AriaRole.Alert)).ToHaveTextAsync("The email 'taken.page@test.local' is already used by another user.");
    }

    [Fact]
    public async Task UserChangesOwnPassword_AndSignsInWithTheNewOne()
    {
        await app.CreateUserAsync("changer@test.local", "original passphrase");
        var page = await browser.NewPageAsync(app);
        await page.SignInAndWaitAsync("changer@test.local", "original passphrase");

        await page.GetByRole(AriaRole.Button, new() { Name = "Account" }).ClickAsync();
        await page.GetByRole(AriaRole.Menuitem, new() { Name = "Change password" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Change password" })).ToBeVisibleAsync();

        await page.GetByLabel("Current password").FillAsync("original passphrase");
        await page.GetByLabel("New password", new() { Exact = true }).FillAsync("short");
        await page.GetByLabel("Confirm new password").FillAsync("short");
        await page.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("at least 12 characters");

        await page.GetByLabel("Current password").FillAsync("original passphrase");
        await page.GetByLabel("New password", new() { Exact = true }).FillAsync("a brand new passphrase");
        await page.GetByLabel("Confirm new password").FillAsync("a brand new passphrase");
        await page.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Your password has been changed.");

        await page.GotoAsync("/");
        await page.WaitForInteractiveAsync();
        await page.SignOutAsync();
        await page.SignInAsync("changer@test.local", "original passphrase");
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Wrong email or password.");
        await page.SignInAndWaitAsync("changer@test.local", "a brand new passphrase");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard" })).ToBeVisibleAsync();
    }
}
