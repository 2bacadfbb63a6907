using BotHub.Admin.Components.Account;
using BotHub.Admin.Features.Audit;
using BotHub.Admin.Features.Broadcasts;
using BotHub.Admin.Features.Broadcasts.Live;
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
using static BotHub.Admin.Tests.Infrastructure.BroadcastSeed;
using BotHub.Admin.Features.Security;

namespace BotHub.Admin.Tests.Components.Broadcasts;

/// <summary>
/// The broadcast page's alerts on the real queries over a migrated Sqlite file: "Stopping: N with the provider" after a pause
/// until the answers are in, then "Paused"; "Provider unreachable since HH:MM" while the channel holds. The engine is not
/// running: the tests write what it would and publish its events.
/// </summary>
public sealed class BroadcastPageAlertsTests : BunitTestBase, IAsyncLifetime
{
    private static readonly DateTimeOffset Now = RecipientServices.Now; // 14:00 in Shanghai

    private readonly ProgressNotifier _notifier = new();
    private readonly EngineActivity _activity = new();
    private RecipientServices _s = null!;
    private int _channel;

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
            s.AddSingleton<TestSender>();
            s.AddSingleton<BroadcastQuery>();
            s.AddSingleton<BroadcastFailures>();
        });
        Services.AddSingleton<TimeProvider>(_s.Time);
        Services.AddSingleton(_notifier);
        Services.AddSingleton(_activity);
        Services.AddSingleton(_s.Get<BroadcastQuery>());
        Services.AddSingleton(_s.Get<BroadcastFailures>());
        Services.AddSingleton(_s.Get<BroadcastControl>());
        Services.AddSingleton(_s.Get<TestSender>());
        Services.AddSingleton(_s.Get<AuditLog>());
        Services.AddSingleton(_s.Get<BotHub.Admin.Features.Provider.PhoneNormalizer>());
        Services.AddScoped<ClientAddress>();
        Services.AddScoped<CurrentActor>();
        SignInAs(Roles.Staff);
        await using var db = await _s.DbAsync(Ct);
        _channel = await db.AddChannelAsync("North", "Asia/Shanghai");
    }

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        await base.DisposeAsync();
        await _s.DisposeAsync();
    }

    private static PlannedDelivery WithProvider(PlannedDelivery d)
    {
        d.Row.InRequest = true;
        d.Row.ClaimedBy = "engine-1";
        return d;
    }

    private async Task<Broadcast> BroadcastAsync(BroadcastState state, params PlannedDelivery[] deliveries)
    {
        await using var db = await _s.DbAsync(Ct);
        return await db.AddBroadcastAsync(_channel, state, Now.UtcDateTime.AddMinutes(-10), "Hello", deliveries);
    }

    private IRenderedComponent<BroadcastPage> RenderPage(int id)
    {
        var host = Render(b =>
        {
            b.OpenComponent<MudPopoverProvider>(0);
            b.CloseComponent();
            b.OpenComponent<BroadcastPage>(1);
            b.AddAttribute(2, nameof(BroadcastPage.Id), id);
            b.CloseComponent();
        });
        var page = host.FindComponent<BroadcastPage>();
        page.WaitForElement("[data-testid=progress-done]");
        return page;
    }

    private static string Squeezed(string text) => string.Join(' ', text.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries));

    /// <summary>The page's alerts above the figures, top to bottom.</summary>
    private static List<string> Alerts(IRenderedComponent<BroadcastPage> cut) =>
        cut.FindAll(".mud-alert").Select(a => Squeezed(a.TextContent)).ToList();

    private ChannelActivity Activity(DateTimeOffset? heldSince, DecodedError? error = null) =>
        new(_channel, 0, 0, 20, 1, DateOnly.FromDateTime(Now.UtcDateTime), 0, 1000, false, _s.Time.GetUtcNow(), null, heldSince, error);

    private void Publish(ChannelActivity activity)
    {
        _activity.Set(activity);
        _notifier.Publish(new EngineEvent(EngineEventKind.Activity, null, _channel, activity));
    }

    [Fact]
    public async Task Paused_WithRequestsWithTheProvider_SaysStopping_ThenPausedWhenTheirAnswersAreIn()
    {
        var b = await BroadcastAsync(BroadcastState.Paused,
            WithProvider(Delivery("+4915200000001", DeliveryState.Sending)), WithProvider(Delivery("+4915200000002", DeliveryState.Checking)),
            Delivery("+4915200000003", DeliveryState.Queued), Delivery("+4915200000004", DeliveryState.Sent));

        var cut = RenderPage(b.Id);

        Assert.Equal(["Stopping. Requests still with the provider: 2. Nothing new is sent; their answers are recorded as they come."], Alerts(cut));
        Assert.Equal("status", cut.Find("[data-testid=broadcast-stopping]").GetAttribute("role"));

        // The answers come: the send is accepted, the check's delivery goes back to the queue (the broadcast is paused).
        await using (var db = await _s.DbAsync(Ct))
        {
            await db.Deliveries.Where(d => d.BroadcastId == b.Id && d.State == DeliveryState.Sending)
                .ExecuteUpdateAsync(u => u.SetProperty(d => d.State, DeliveryState.Sent).SetProperty(d => d.InRequest, false), Ct);
            await db.Deliveries.Where(d => d.BroadcastId == b.Id && d.State == DeliveryState.Checking)
                .ExecuteUpdateAsync(u => u.SetProperty(d => d.State, DeliveryState.Queued).SetProperty(d => d.InRequest, false), Ct);
        }

        _notifier.Publish(new EngineEvent(EngineEventKind.Deliveries, b.Id, _channel));

        cut.WaitForAssertion(() => Assert.Equal(["Paused: nothing new is sent until someone resumes it."], Alerts(cut)));
        Assert.Empty(cut.FindAll("[data-testid=broadcast-stopping]"));
    }

    [Fact]
    public async Task Paused_NothingWithTheProvider_SaysPaused()
    {
        var b = await BroadcastAsync(BroadcastState.Paused, Delivery("+4915200000001", DeliveryState.Queued), Delivery("+4915200000002", DeliveryState.Sent));

        var cut = RenderPage(b.Id);

        Assert.Equal(["Paused: nothing new is sent until someone resumes it."], Alerts(cut));
    }

    [Fact]
    public async Task Paused_ClaimedButNotYetInRequest_IsNotCountedAsWithTheProvider()
    {
        // A claim whose request has not started is given back by Pause; one left over must not read as "with the provider".
        var b = await BroadcastAsync(BroadcastState.Paused, Delivery("+4915200000001", DeliveryState.Sending), Delivery("+4915200000002", DeliveryState.Queued));

        var cut = RenderPage(b.Id);

        Assert.Equal(["Paused: nothing new is sent until someone resumes it."], Alerts(cut));
    }

    [Fact]
    public async Task Sending_ChannelHeld_ShowsProviderAwayInTheUsersZone_UntilTheHoldEnds()
    {
        UseZone("Asia/Shanghai");
        var b = await BroadcastAsync(BroadcastState.Sending, Delivery("+4915200000001", DeliveryState.Queued), Delivery("+4915200000002", DeliveryState.Sent));
        _activity.Set(Activity(null));
        var cut = RenderPage(b.Id);
        Assert.Empty(Alerts(cut));

        Publish(Activity(Now.AddMinutes(-2), DecodedError.Of(80002)));

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=provider-away]")));
        var lines = cut.FindAll("[data-testid=provider-away] .mud-typography").Select(p => Squeezed(p.TextContent)).ToList();
        Assert.Equal("Provider unreachable since 13:58 (Asia/Shanghai), retrying.", lines[0]);
        Assert.Equal("Last failure: The provider could not be reached over the network (80002)", lines[2]);

        // The provider answers again: the next activity has no hold, and the alert goes.
        _s.Time.Advance(TimeSpan.FromSeconds(1));
        Publish(Activity(null));
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=provider-away]")));
    }

    [Fact]
    public async Task Paused_ChannelHeld_DoesNotSayProviderAway()
    {
        // The hold is the channel's; a paused broadcast sends nothing, so it does not wait for the provider.
        var b = await BroadcastAsync(BroadcastState.Paused, Delivery("+4915200000001", DeliveryState.Queued));
        _activity.Set(Activity(Now.AddMinutes(-2), DecodedError.Of(80002)));

        var cut = RenderPage(b.Id);

        Assert.Empty(cut.FindAll("[data-testid=provider-away]"));
        Assert.Equal(["Paused: nothing new is sent until someone resumes it."], Alerts(cut));
    }

    [Fact]
    public async Task Chinese_StoppingAndProviderAway_InChinese()
    {
        UseCulture("zh-CN");
        UseZone("Asia/Shanghai");
        var paused = await BroadcastAsync(BroadcastState.Paused, WithProvider(Delivery("+4915200000001", DeliveryState.Sending)));
        var sending = await BroadcastAsync(BroadcastState.Sending, Delivery("+4915200000002", DeliveryState.Queued));
        _activity.Set(Activity(Now.AddMinutes(-2), DecodedError.Of(10000, message: "upstream down")));

        var stopping = RenderPage(paused.Id);
        Assert.Equal(["正在停止：1 个请求仍在服务商处。不会再发送新消息；它们的应答到达后会如实记录。"], Alerts(stopping));
        await DisposeComponentsAsync(); // one popover provider at a time

        var away = RenderPage(sending.Id);
        Assert.Single(Alerts(away));
        Assert.Equal(
        [
            "服务商自 13:58 (Asia/Shanghai) 起无法访问，正在重试。",
            "服务商无法访问期间不会把任何消息标记为失败：每隔几秒发一个请求试探，服务商恢复应答后自动继续发送。",
            "最近一次失败：服务商内部出错（10000） · 服务商原文：upstream down",
        ], away.FindAll("[data-testid=provider-away] .mud-typography").Select(p => Squeezed(p.TextContent)));
    }

    [Fact]
    public async Task Completed_WithFailures_SaysSoWithItsParts_NeverAHundredPercentSent()
    {
        var b = await BroadcastAsync(BroadcastState.Completed, Delivery("+4915200000001", DeliveryState.Sent), Delivery("+4915200000002", DeliveryState.Sent),
            Delivery("+4915200000003", DeliveryState.Queued).Failed(10100), Excluded("+4915200000004", ExclusionReason.OptedOut));

        var cut = RenderPage(b.Id);

        Assert.Equal(["Completed with 1 failed: 2 sent · 1 failed · 1 excluded"], Alerts(cut));
        Assert.Equal("Completed with 1 failed", cut.Find(".mud-chip").TextContent.Trim());
        Assert.Equal("2 of 4 sent (50%)", Squeezed(cut.Find("[data-testid=progress-done]").TextContent));
    }

    [Fact]
    public async Task Cancelled_SaysWhatWasSentAndWhatWasCancelled()
    {
        var b = await BroadcastAsync(BroadcastState.Cancelled, Delivery("+4915200000001", DeliveryState.Sent),
            Delivery("+4915200000002", DeliveryState.Cancelled), Delivery("+4915200000003", DeliveryState.Cancelled));

        var cut = RenderPage(b.Id);

        Assert.Equal(["Cancelled: 1 sent · 2 cancelled"], Alerts(cut));
        Assert.Equal("1 of 3 sent (33%)", Squeezed(cut.Find("[data-testid=progress-done]").TextContent));
    }

    [Theory]
    [InlineData("en", "Ended at midnight: 1 sent · 2 not reached")]
    [InlineData("zh-CN", "已于午夜结束：已发送 1 · 未触达 2")]
    public async Task EndedAtMidnight_SaysWhoWasNotReached(string culture, string expected)
    {
        var b = await BroadcastAsync(BroadcastState.Completed, Delivery("+4915200000001", DeliveryState.Sent),
            Excluded("+4915200000002", ExclusionReason.EligibilityEnded), Excluded("+4915200000003", ExclusionReason.EligibilityEnded));
        UseCulture(culture);

        Assert.Equal([expected], Alerts(RenderPage(b.Id)));
    }
}
