using AngleSharp.Dom;
using BotHub.Admin.Components.Account;
using BotHub.Admin.Features.Audit;
using BotHub.Admin.Features.Channels;
using BotHub.Admin.Features.Provider;
using BotHub.Admin.Features.Users;
using BotHub.Admin.Tests.Unit.Recipients;
using Bunit;
using Bunit.Rendering;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MudBlazor;

namespace BotHub.Admin.Tests.Components.Channels;

/// <summary>The channel form in Live mode: a rate or burst over the provider's 20 is refused on its field, in both languages.</summary>
public sealed class ChannelFormRateTests : BunitTestBase, IAsyncLifetime
{
    private static readonly AuditActor Admin = new("admin-1", "admin@test.local", "127.0.0.1");
    private RecipientServices _s = null!;

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _s = await RecipientServices.CreateAsync(Ct, s =>
        {
            s.AddSingleton(Options.Create(new BspOptions { Mode = BspMode.Live, BaseUrl = "https://provider.example/" }));
            s.AddSingleton<ChannelAdmin>();
            s.AddSingleton<ChannelSummaries>();
            s.AddSingleton<ChannelEditor>();
            s.AddSingleton<ChannelKeys>();
        });
        Services.AddSingleton<TimeProvider>(_s.Time);
        Services.AddSingleton(_s.Get<ChannelSummaries>());
        Services.AddSingleton(_s.Get<ChannelEditor>());
        Services.AddSingleton(_s.Get<ChannelKeys>());
        Services.AddSingleton(_s.Get<ChannelAdmin>());
        Services.AddScoped<ClientAddress>();
        Services.AddScoped<CurrentActor>();
        SignInAs(Roles.Admin);
    }

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        await base.DisposeAsync();
        await _s.DisposeAsync();
    }

    private IRenderedComponent<ContainerFragment> RenderPage() => Render(b =>
    {
        b.OpenComponent<MudPopoverProvider>(0);
        b.CloseComponent();
        b.OpenComponent<MudDialogProvider>(1);
        b.CloseComponent();
        b.OpenComponent<ChannelsPage>(2);
        b.CloseComponent();
    });

    private static void Click(IRenderedComponent<ContainerFragment> host, string text, string scope = "") =>
        host.WaitForAssertion(() => host.FindAll($"{scope} button".Trim()).First(b => b.TextContent.Trim() == text).Click());

    /// <summary>The dialog's field whose label is <paramref name="label"/>: its whole MudBlazor input control.</summary>
    private static IElement Field(IRenderedComponent<ContainerFragment> host, string label) =>
        host.FindAll(".mud-dialog .mud-input-control").Single(f => f.QuerySelector("label")?.TextContent.Trim() == label);

    /// <summary>The error MudBlazor shows under a field in place of its helper text.</summary>
    private static string? ErrorOf(IElement field) => field.QuerySelector(".mud-input-helper-text.mud-input-error")?.TextContent;

    private async Task<int> ChannelCountAsync()
    {
        await using var db = await _s.DbAsync(Ct);
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
