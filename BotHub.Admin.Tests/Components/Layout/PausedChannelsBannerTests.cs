using BotHub.Admin.Components.Layout;
using BotHub.Admin.Components.Account;
using BotHub.Admin.Features.Broadcasts;
using BotHub.Admin.Features.Channels;
using BotHub.Admin.Features.Compose;
using BotHub.Admin.Features.Provider;
using BotHub.Admin.Features.Sending;
using BotHub.Admin.Features.Tiers;
using BotHub.Admin.Features.Users;
using BotHub.Admin.Tests.Infrastructure;
using BotHub.Admin.Tests.Unit.Recipients;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MudBlazor;
using BotHub.Admin.Features.Audit;
using BotHub.Admin.Features.Security;

namespace BotHub.Admin.Tests.Components.Layout;

/// <summary>
/// The paused-channel banner on the real query: the channel by name, the reason once, in the reader's language, from the
/// stored code (whatever text the engine kept beside it), and the fix.
/// </summary>
public sealed class PausedChannelsBannerTests : BunitTestBase, IAsyncLifetime
{
    private readonly ProgressNotifier _notifier = new();
    private RecipientServices _s = null!;

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _s = await RecipientServices.CreateAsync(Ct, s =>
        {
            s.AddSingleton(_notifier);
            s.AddSingleton(Options.Create(new TierOptions()));
            s.AddSingleton(Options.Create(new BspOptions()));
            s.AddSingleton<QuotaReader>();
            s.AddSingleton<SendingChannels>();
            s.AddSingleton<AudienceQuery>();
            s.AddSingleton<BroadcastCreator>();
            s.AddSingleton<SendingSignal>();
            s.AddSingleton<BroadcastControl>();
            s.AddSingleton<PausedChannels>();
        });
        Services.AddSingleton<TimeProvider>(_s.Time);
        Services.AddSingleton(_notifier);
        Services.AddSingleton(_s.Get<PausedChannels>());
        Services.AddSingleton(_s.Get<BroadcastControl>());
        Services.AddScoped<ClientAddress>();
        Services.AddScoped<CurrentActor>();
        SignInAs(Roles.Admin);
    }

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        await base.DisposeAsync();
        await _s.DisposeAsync();
    }

    private async Task PauseAsync(string name, int code, string storedMessage)
    {
        await using var db = await _s.DbAsync(Ct);
        var id = await db.AddChannelAsync(name);
        await db.Channels.Where(c => c.Id == id).ExecuteUpdateAsync(u => u
            .SetProperty(c => c.PausedUtc, _s.Time.GetUtcNow().UtcDateTime).SetProperty(c => c.PausedCode, code)
            .SetProperty(c => c.PausedMessage, storedMessage), Ct);
    }

    private IRenderedComponent<PausedChannelsBanner> RenderBanner()
    {
        var host = Render(b =>
        {
            b.OpenComponent<MudPopoverProvider>(0);
            b.CloseComponent();
            b.OpenComponent<PausedChannelsBanner>(1);
            b.CloseComponent();
        });
        return host.FindComponent<PausedChannelsBanner>();
    }

    private static List<string> Lines(IRenderedComponent<PausedChannelsBanner> cut) =>
        cut.FindAll("[data-testid=paused-channel] p.mud-typography").Select(p => p.TextContent.Trim()).ToList();

    [Theory]
    [InlineData("en", "is paused: the provider refused its API key (10002).",
        "Add a working key on the API keys page, then resume. Nothing was marked failed: queued messages wait.", "Resume sending")]
    [InlineData("zh-CN", "已暂停：服务商拒绝了它的 API 密钥（10002）。",
        "请在“API 密钥”页面添加可用的密钥，然后恢复发送。没有消息被标记为失败：排队的消息仍在等待。", "恢复发送")]
    public async Task PausedForItsKey_NamesTheChannel_SaysTheReasonOnceInThePagesLanguage_AndTheFix(string culture, string reason, string fix,
        string resume)
    {
        // What the engine stored before: the catalogue's English and Chinese and the provider's words, all in one string.
        await PauseAsync("Sales", 10002, "10002 invalid API key (无效的API KEY): invalid API key");
        UseCulture(culture);

        var cut = RenderBanner();

        cut.WaitForAssertion(() => Assert.Equal(2, Lines(cut).Count));
        var phone = (await _s.Get<PausedChannels>().ListAsync(Ct)).Single().BotPhone;
        var title = culture == "en" ? $"Channel Sales ({phone}) {reason}" : $"渠道 Sales（{phone}）{reason}";
        Assert.Equal([title, fix], Lines(cut));
        Assert.Equal("alert", cut.Find("[data-testid=paused-channel]").GetAttribute("role"));
        Assert.Contains(resume, cut.Find("[data-testid=paused-channel] button").TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("invalid API key", cut.Markup, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("无效的API KEY", cut.Markup, StringComparison.Ordinal);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(cut.Markup, "10002"));
    }

    [Fact]
    public async Task PausedForItsBot_SaysSo_AndToCheckTheBot()
    {
        await PauseAsync("North", 10006, "bot gone");

        var cut = RenderBanner();

        cut.WaitForAssertion(() => Assert.Equal(2, Lines(cut).Count));
        Assert.EndsWith("is paused: the provider has no such bot, or it was deleted (10006).", Lines(cut)[0], StringComparison.Ordinal);
        Assert.StartsWith("Check the bot's number with the provider", Lines(cut)[1], StringComparison.Ordinal);
    }

    [Fact]
    public void NoPausedChannel_ShowsNothing()
    {
        var cut = RenderBanner();

        Assert.Empty(cut.FindAll("[data-testid=paused-channel]"));
    }
}
