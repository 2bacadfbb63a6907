using BotHub.Admin.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BotHub.Admin.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class DisableUserTests(BrowserFixture browser, TestApp app) : IClassFixture<TestApp>
{
    [Fact]
    public async Task AdminDisablesUser_TheirOpenPageLosesAccess_AndTheyCannotSignInAgain()
    {
        const string email = "to.disable@test.local";
        const string password = "staff passphrase two";
        await app.CreateUserAsync(email, password);

        var staff = await browser.NewPageAsync(app);
        await staff.SignInAndWaitAsync(email, password);
        await Expect(staff.GetByRole(AriaRole.Heading, new() { Name = "Dashboard" })).ToBeVisibleAsync();

        var admin = await browser.NewPageAsync(app);
        await admin.SignInAndWaitAsync(TestApp.AdminEmail, TestApp.AdminPassword);
        await admin.Navigation().GetByRole(AriaRole.Link, new() { Name = "Users" }).ClickAsync();
        await admin.GetByRole(AriaRole.Button, new() { Name = $"Actions for {email}" }).ClickAsync();
        await admin.GetByRole(AriaRole.Menuitem, new() { Name = "Disable" }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Dialog)).ToContainTextAsync($"Disable {email}?");
        await admin.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Disable" }).ClickAsync();
        await Expect(admin.GetByText("User disabled.")).ToBeVisibleAsync();
        await Expect(admin.GetByRole(AriaRole.Row).Filter(new() { HasText = email })).ToContainTextAsync("Disabled");

        // The staff page did nothing: revalidation (2 s in tests, 1 min by default) takes access away by itself.
        await Expect(staff).ToHaveURLAsync(AppPages.LoginUrl(), new() { Timeout = 15_000 });

        await staff.SignInAsync(email, password);
        await Expect(staff.GetByRole(AriaRole.Alert)).ToHaveTextAsync("This account is disabled. Ask an administrator.");
    }

    [Fact]
    public async Task LastAdmin_CannotBeDisabledOrLoseTheAdminRole()
    {
        var admin = await browser.NewPageAsync(app);
        await admin.SignInAndWaitAsync(TestApp.AdminEmail, TestApp.AdminPassword);
        await admin.OpenAsync("/users");

        await admin.GetByRole(AriaRole.Button, new() { Name = $"Actions for {TestApp.AdminEmail}" }).ClickAsync();
        await admin.GetByRole(AriaRole.Menuitem, new() { Name = "Change roles" }).ClickAsync();
        var dialog = admin.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Staff").CheckAsync();
        await dialog.GetByLabel("Admin").UncheckAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(dialog.GetByRole(AriaRole.Alert)).ToHaveTextAsync("This is the last active administrator: keep at least one.");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();

        await Expect(admin.GetByRole(AriaRole.Row).Filter(new() { HasText = TestApp.AdminEmail })).ToContainTextAsync("Admin");
        await Expect(admin.GetByRole(AriaRole.Row).Filter(new() { HasText = TestApp.AdminEmail })).Not.ToContainTextAsync("Staff");
    }
}
