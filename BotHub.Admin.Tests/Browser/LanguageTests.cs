using BotHub.Admin.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BotHub.Admin.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class LanguageTests(BrowserFixture browser, TestApp app) : IClassFixture<TestApp>
{
    [Fact]
    public async Task SwitchingToChinese_ShowsTheNavigationInChinese_AndIsRemembered()
    {
        var page = await browser.NewPageAsync(app);
        await page.SignInAndWaitAsync(TestApp.AdminEmail, TestApp.AdminPassword);

        await page.GetByRole(AriaRole.Button, new() { Name = "Language" }).ClickAsync();
        await page.GetByRole(AriaRole.Menuitem, new() { Name = "中文" }).ClickAsync();
        await page.WaitForInteractiveAsync();

        var nav = page.GetByRole(AriaRole.Navigation, new() { Name = "主导航" });
        await Expect(nav.GetByRole(AriaRole.Link, new() { Name = "撰写消息" })).ToBeVisibleAsync();
        await Expect(nav.GetByRole(AriaRole.Link, new() { Name = "审计日志" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "仪表板" })).ToBeVisibleAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");

        // The cookie keeps the choice across pages and reloads, and back to English works the same way.
        await page.GotoAsync("/users");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "用户", Level = 1 })).ToBeVisibleAsync();
        await page.WaitForInteractiveAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "语言" }).ClickAsync();
        await page.GetByRole(AriaRole.Menuitem, new() { Name = "English" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Users", Level = 1 })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task SignInPage_OffersChinese_BeforeSigningIn()
    {
        var page = await browser.NewPageAsync(app);
        await page.GotoAsync("Account/Login");
        await page.GetByRole(AriaRole.Link, new() { Name = "中文" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "登录" })).ToBeVisibleAsync();
        await page.GetByLabel("邮箱").FillAsync(TestApp.AdminEmail);
        await page.GetByLabel("密码").FillAsync("wrong passphrase here");
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("邮箱或密码错误。");
    }
}
