using AngleSharp.Dom;
using BotHub.Admin.Features.Provider;
using Bunit;
using Bunit.Rendering;
using Microsoft.EntityFrameworkCore;
using BotHub.Admin.Features.Channels;

namespace BotHub.Admin.Tests.Components.Channels;

/// <summary>The channel form in Live mode: a rate or burst over the provider's 20 is refused on its field, in both languages.</summary>
public sealed class ChannelFormRateTests() : ChannelsPageTestBase(new BspOptions { Mode = BspMode.Live, BaseUrl = "https://provider.example/" })
{
    /// <summary>The dialog's field whose label is <paramref name="label"/>: its whole MudBlazor input control.</summary>
    private static IElement Field(IRenderedComponent<ContainerFragment> host, string label) =>
        host.FindAll(".mud-dialog .mud-input-control").Single(f => f.QuerySelector("label")?.TextContent.Trim() == label);

    /// <summary>The error MudBlazor shows under a field in place of its helper text.</summary>
    private static string? ErrorOf(IElement field) => field.QuerySelector(".mud-input-helper-text.mud-input-error")?.TextContent;

    private async Task<int> ChannelCountAsync()
    {
        await using var db = await Backend.DbAsync(Ct);
        return await db.Channels.CountAsync(Ct);
    }

    [Theory]
    [InlineData("en", "New channel", "Create", "Requests per second", "Burst",
        "At most 20 requests per second: the provider's limit per channel. Set Bsp:AllowRateAboveProvider only if your provider raised it.",
        "A burst of at most 20: with 20 a second, no second holds more than 40")]
    [InlineData("zh-Hans", "新建渠道", "创建", "每秒请求数", "突发量",
        "每秒最多 20 个请求：这是服务商对每个渠道的限制。仅当服务商已提高该限制时，才设置 Bsp:AllowRateAboveProvider。",
        "突发量最多 20：每秒 20 个请求时，任何一秒都不超过 40 个")]
    public async Task Live_RateOrBurst21_IsRefusedOnItsField_AndNothingIsCreated(
        string culture, string newChannel, string create, string rateLabel, string burstLabel, string rateError, string burstError)
    {
        UseCulture(culture);
        var host = RenderPage();
        Click(host, newChannel);
        host.WaitForAssertion(() => host.Find(".mud-dialog input[type=tel]").Change("+86 138 0000 0001"));
        host.FindAll(".mud-dialog input").First(i => i.GetAttribute("type") != "tel").Change("North");

        Field(host, rateLabel).QuerySelector("input")!.Change("21");
        Field(host, burstLabel).QuerySelector("input")!.Change("21");

        host.WaitForAssertion(() => Assert.Contains(rateError, ErrorOf(Field(host, rateLabel)), StringComparison.Ordinal));
        Assert.Contains(burstError, ErrorOf(Field(host, burstLabel)), StringComparison.Ordinal);
        Assert.Equal("true", Field(host, rateLabel).QuerySelector("input")!.GetAttribute("aria-invalid"));
        Click(host, create, ".mud-dialog");
        host.WaitForAssertion(() => Assert.False(host.Find(".mud-dialog button.mud-button-filled").HasAttribute("disabled")));
        Assert.Empty(host.FindAll(".mud-dialog [role=alert]"));
        Assert.Equal(0, await ChannelCountAsync());

        // 20 and 20 clear both fields' errors and create the channel.
        Field(host, rateLabel).QuerySelector("input")!.Change("20");
        Field(host, burstLabel).QuerySelector("input")!.Change("20");
        host.WaitForAssertion(() => Assert.Empty(host.FindAll(".mud-dialog .mud-input-error")));
        Click(host, create, ".mud-dialog");
        host.WaitForAssertion(() => Assert.NotEmpty(host.FindAll(".secret-once input")));
        Assert.Equal(1, await ChannelCountAsync());
    }
}
