using BotHub.Admin.Features.Broadcasts.Live;
using BotHub.Admin.Features.Provider;
using Bunit;

namespace BotHub.Admin.Tests.Components.Broadcasts;

/// <summary>The broadcast page's "provider unreachable" alert: the hold's start in the person's zone (named), and the last failure decoded.</summary>
public sealed class ProviderAwayAlertTests : BunitTestBase
{
    private static readonly DateTimeOffset Since = new(2025, 3, 10, 5, 47, 30, TimeSpan.Zero); // 13:47 in Shanghai

    private IRenderedComponent<ProviderAwayAlert> RenderAlert(DecodedError? error, string zone = "Asia/Shanghai")
    {
        UseZone(zone);
        return Render<ProviderAwayAlert>(p => p.Add(x => x.Since, Since).Add(x => x.Error, error));
    }

    private static List<string> Lines(IRenderedComponent<ProviderAwayAlert> cut) =>
        cut.FindAll("[data-testid=provider-away] .mud-typography").Select(p => Squeezed(p.TextContent)).ToList();

    private static string Squeezed(string text) => string.Join(' ', text.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries));

    [Fact]
    public void Held_SaysSinceWhenInTheUsersZone_WithTheLastFailureDecoded()
    {
        var cut = RenderAlert(DecodedError.Of(10000, message: "upstream down"));

        Assert.Equal(
        [
            "Provider unreachable since 13:47 (Asia/Shanghai), retrying.",
            "Nothing is marked failed while it is away: one request tries it every few seconds, and sending resumes by itself when it answers.",
            "Last failure: The provider had an internal problem (10000) · The provider said: upstream down",
        ], Lines(cut));
        Assert.Equal("status", cut.Find("[data-testid=provider-away]").GetAttribute("role"));
    }

    [Fact]
    public void Held_InAnotherZone_ShowsThatZonesTime()
    {
        var cut = RenderAlert(null, "Asia/Kolkata"); // UTC+5:30

        Assert.Equal("Provider unreachable since 11:17 (Asia/Kolkata), retrying.", Lines(cut)[0]);
    }

    [Fact]
    public void Held_NoFailureRecorded_LeavesTheLastFailureLineOut()
    {
        var cut = RenderAlert(null);

        Assert.Equal(2, Lines(cut).Count);
        Assert.DoesNotContain("Last failure", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void Chinese_SaysTheSameInChinese_WithTheProvidersOwnWordsLabelled()
    {
        UseCulture("zh-CN");

        var cut = RenderAlert(DecodedError.Of(10000, message: "upstream down"));

        Assert.Equal(
        [
            "服务商自 13:47 (Asia/Shanghai) 起无法访问，正在重试。",
            "服务商无法访问期间不会把任何消息标记为失败：每隔几秒发一个请求试探，服务商恢复应答后自动继续发送。",
            "最近一次失败：服务商内部出错（10000） · 服务商原文：upstream down",
        ], Lines(cut));
    }
}
