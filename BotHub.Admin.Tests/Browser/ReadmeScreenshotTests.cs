using BotHub.Admin.Features.Users;
using BotHub.Admin.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using BotHub.Admin.Features.Security;

namespace BotHub.Admin.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class ReadmeScreenshotTests(BrowserFixture browser, TestApp app) : IClassFixture<TestApp>
{
    /// <summary>Takes the README's picture of the signed-in app, so it always shows the current build.</summary>
    [Fact]
    public async Task SignedInApp_IsCapturedForTheReadme()
    {
        await app.CreateUserAsync("li.wei@example.com", "staff passphrase one", Roles.Staff);
        await app.CreateUserAsync("maria.santos@example.com", "manager passphrase one", Roles.Manager);
        var page = await browser.NewPageAsync(app);
        await page.SignInAndWaitAsync(TestApp.AdminEmail, TestApp.AdminPassword);
        await page.OpenAsync("/users");
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "maria.santos@example.com" })).ToBeVisibleAsync();

        var path = Path.Combine(RepoRoot(), "docs", "screenshot.png");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await page.ScreenshotAsync(new() { Path = path });
        Assert.True(new FileInfo(path).Length > 10_000);
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "BotHub.Admin.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("BotHub.Admin.sln not found above the test binaries.");
    }
}
