using BotHub.Admin.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BotHub.Admin.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class LockoutTests(BrowserFixture browser, TestApp app) : IClassFixture<TestApp>
{
    private const string Email = "locked@test.local";
    private const string Password = "the right passphrase";

    [Fact]
    public async Task FiveWrongPasswords_LockTheAccountQuietly_OnlyTheRightPasswordHearsIt_AndTheAdminFindsItInTheAuditLog()
    {
        await app.CreateUserAsync(Email, Password);
        var page = await browser.NewPageAsync(app);

        // The fifth locks the account, yet answers like the others: a stranger learns nothing about the account.
        for (var i = 1; i <= 5; i++)
        {
            await page.SignInAsync(Email, $"wrong passphrase {i}");
            await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Wrong email or password.");
        }

        await page.SignInAsync(Email, "wrong passphrase 6");
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Wrong email or password.");

        // Locked: the right password is refused too, and only it is told why.
        await page.SignInAsync(Email, Password);
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Try again in 15 minutes");
        await Expect(page).ToHaveURLAsync(AppPages.LoginUrl());

        var admin = await browser.NewPageAsync(app);
        await admin.SignInAndWaitAsync(TestApp.AdminEmail, TestApp.AdminPassword);
        await admin.Navigation().GetByRole(AriaRole.Link, new() { Name = "Audit log" }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Heading, new() { Name = "Audit log" })).ToBeVisibleAsync();

        await admin.GetByLabel("User").FillAsync(Email);
        var rows = admin.GetByRole(AriaRole.Row);
        await Expect(rows.Filter(new() { HasText = "Failed sign-in" })).ToHaveCountAsync(4);
        await Expect(rows.Filter(new() { HasText = "Locked out" })).ToHaveCountAsync(3);

        await admin.GetByLabel("Kind").ClickAsync();
        await admin.GetByRole(AriaRole.Option, new() { Name = "Locked out" }).ClickAsync();
        await Expect(rows.Filter(new() { HasText = "Failed sign-in" })).ToHaveCountAsync(0);
        await Expect(rows.Filter(new() { HasText = "Locked out" })).ToHaveCountAsync(3);

        // The export carries the page's filters: this user's lockouts only.
        var download = await admin.RunAndWaitForDownloadAsync(() => admin.GetByRole(AriaRole.Link, new() { Name = "Export CSV" }).ClickAsync());
        var csv = await File.ReadAllTextAsync((await download.PathAsync())!, TestContext.Current.CancellationToken);
        var lines = csv.TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
        Assert.Equal(3, lines.Count);
        Assert.All(lines, l => Assert.Contains($",LockedOut,{Email},", l, StringComparison.Ordinal));
    }
}
