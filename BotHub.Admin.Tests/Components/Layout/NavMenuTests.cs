using BotHub.Admin.Components.Layout;
using BotHub.Admin.Components.Common;
using BotHub.Admin.Features.Users;
using Bunit;
using MudBlazor;
using BotHub.Admin.Features.Security;

namespace BotHub.Admin.Tests.Components.Layout;

/// <summary>The navigation shows each role exactly the pages its policy opens, in the user's language.</summary>
public sealed class NavMenuTests : BunitTestBase
{
    private static readonly (string Text, string Href)[] StaffLinks =
        [("Home", "/"), ("Compose", "/compose"), ("Broadcasts", "/broadcasts"), ("Recipients", "/recipients")];

    private static readonly (string Text, string Href)[] ManagerLinks = [.. StaffLinks, ("Tier usage", "/tiers")];

    private static readonly (string Text, string Href)[] AdminLinks =
        [.. ManagerLinks, ("API keys", "/keys"), ("Users", "/users"), ("Audit log", "/audit")];

    private List<(string Text, string Href)> RenderLinks()
    {
        var cut = Render<NavMenu>();
        return cut.FindAll("a").Select(a => (a.TextContent.Trim(), a.GetAttribute("href") ?? "")).ToList();
    }

    [Fact]
    public void NavMenu_Staff_SeesStaffPagesOnly()
    {
        SignInAs(Roles.Staff);

        var links = RenderLinks();

        Assert.Equal(StaffLinks, links);
        var texts = links.Select(l => l.Text).ToList();
        Assert.DoesNotContain("Tier usage", texts);
        Assert.DoesNotContain("API keys", texts);
        Assert.DoesNotContain("Users", texts);
        Assert.DoesNotContain("Audit log", texts);
    }

    [Fact]
    public void NavMenu_Manager_AlsoSeesTierUsageButNoAdminPages()
    {
        SignInAs(Roles.Manager);

        var links = RenderLinks();

        Assert.Equal(ManagerLinks, links);
        Assert.DoesNotContain(links, l => l.Href is "/keys" or "/users" or "/audit");
    }

    [Fact]
    public void NavMenu_Admin_SeesAllEightWithTheirAddresses()
    {
        SignInAs(Roles.Admin);

        var links = RenderLinks();

        Assert.Equal(8, links.Count);
        Assert.Equal(AdminLinks, links);
    }

    [Fact]
    public void NavMenu_StaffAndManagerRoles_SeesManagerPages()
    {
        SignInAs(Roles.Staff, Roles.Manager);

        Assert.Equal(ManagerLinks, RenderLinks());
    }

    [Fact]
    public void NavMenu_NoRole_SeesHomeOnly()
    {
        SignInAs();

        Assert.Equal([("Home", "/")], RenderLinks());
    }

    [Fact]
    public void NavMenu_UnknownRole_SeesHomeOnly()
    {
        SignInAs("Administrator");

        Assert.Equal([("Home", "/")], RenderLinks());
    }

    [Fact]
    public void NavMenu_English_TextsAreWordsNotKeys()
    {
        SignInAs(Roles.Admin);

        var cut = Render<NavMenu>();

        Assert.DoesNotContain("Nav.", cut.Markup, StringComparison.Ordinal);
        Assert.Equal("Main navigation", cut.Find("nav").GetAttribute("aria-label"));
    }

    [Fact]
    public void NavMenu_Chinese_ShowsChineseTexts()
    {
        UseCulture("zh-CN");
        SignInAs(Roles.Admin);

        var texts = RenderLinks().Select(l => l.Text).ToList();

        Assert.Equal(["首页", "撰写消息", "群发任务", "收件人", "等级用量", "API 密钥", "用户", "审计日志"], texts);
    }

    [Fact]
    public void EmptyState_TitleTextAndAction_AllRendered()
    {
        var cut = Render<EmptyState>(p => p
            .Add(x => x.Icon, Icons.Material.Outlined.Inbox)
            .Add(x => x.Title, "No broadcasts yet")
            .Add(x => x.Text, "Each message you send appears here.")
            .AddChildContent("<button type=\"button\">Compose one</button>"));

        Assert.Equal("No broadcasts yet", cut.Find("p.mud-typography-h6").TextContent.Trim());
        Assert.Equal("Each message you send appears here.", cut.Find(".mud-typography-body2").TextContent.Trim());
        Assert.Equal("Compose one", cut.Find("button").TextContent);
        Assert.NotNull(cut.Find("svg"));
    }

    [Fact]
    public void AccessDeniedMessage_English_ShowsTitleAndLinkHome()
    {
        var cut = Render<AccessDeniedMessage>();

        Assert.Equal("Access denied", cut.Find("h1").TextContent.Trim());
        Assert.Contains("Your role does not allow this page.", cut.Markup, StringComparison.Ordinal);
        var home = Assert.Single(cut.FindAll("a"));
        Assert.Equal("/", home.GetAttribute("href"));
        Assert.Equal("Go to the dashboard", home.TextContent.Trim());
    }
}
