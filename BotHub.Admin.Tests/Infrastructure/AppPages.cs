using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace BotHub.Admin.Tests.Infrastructure;

/// <summary>What a person does on the app's pages, by labels and roles.</summary>
public static partial class AppPages
{
    public static async Task SignInAsync(this IPage page, string email, string password)
    {
        await page.GotoAsync("Account/Login");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }

    /// <summary>Signs in and waits until the interactive circuit is up, so clicks are not lost.</summary>
    public static async Task SignInAndWaitAsync(this IPage page, string email, string password)
    {
        await page.SignInAsync(email, password);
        await page.WaitForInteractiveAsync();
    }

    /// <summary>The layout marks itself interactive once the circuit is connected (see STACK.md).</summary>
    public static Task WaitForInteractiveAsync(this IPage page) =>
        page.Locator("[data-interactive=true]").WaitForAsync(new() { Timeout = 30_000 });

    public static async Task OpenAsync(this IPage page, string path)
    {
        await page.GotoAsync(path);
        await page.WaitForInteractiveAsync();
    }

    public static ILocator Navigation(this IPage page) => page.GetByRole(AriaRole.Navigation, new() { Name = "Main navigation" });

    public static async Task SignOutAsync(this IPage page)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Account" }).ClickAsync();
        var signOut = page.GetByRole(AriaRole.Button, new() { Name = "Sign out" });
        await signOut.WaitForAsync();
        await signOut.ClickAsync();
        await page.WaitForURLAsync(LoginUrl(), new() { Timeout = 30_000 });
    }

    [GeneratedRegex("/Account/Login")]
    public static partial Regex LoginUrl();
}
