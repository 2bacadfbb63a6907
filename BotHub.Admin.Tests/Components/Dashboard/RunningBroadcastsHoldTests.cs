using BotHub.Admin.Features.Broadcasts;
using BotHub.Admin.Features.Dashboard;
using BotHub.Admin.Features.Provider;
using BotHub.Admin.Features.Sending;
using BotHub.Admin.Features.Users;
using BotHub.Admin.Tests.Infrastructure;
using BotHub.Admin.Tests.Unit.Recipients;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static BotHub.Admin.Tests.Infrastructure.BroadcastSeed;
using BotHub.Admin.Features.Security;

namespace BotHub.Admin.Tests.Components.Dashboard;

/// <summary>
/// The dashboard's running broadcasts when a channel's provider does not answer: a warning under each sending broadcast of
/// that channel, in the channel's zone, that comes and goes with the hold; and the card reading again for a hold's start or
/// end only, not for every activity event.
/// </summary>
public sealed class RunningBroadcastsHoldTests : BunitTestBase, IAsyncLifetime
{
    private static readonly DateTimeOffset Now = RecipientServices.Now; // 14:00 in Shanghai
    private static readonly DateTimeOffset HeldSince = Now.AddMinutes(-2);

    private readonly ProgressNotifier _notifier = new();
    private readonly EngineActivity _activity = new();
    private RecipientServices _s = null!;

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _s = await RecipientServices.CreateAsync(Ct, s => s.AddSingleton<BroadcastQuery>());
        Services.AddSingleton<TimeProvider>(_s.Time);
        Services.AddSingleton(_s.Get<BroadcastQuery>());
        Services.AddSingleton(_notifier);
        Services.AddSingleton(_activity);
        SignInAs(Roles.Staff);
    }

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        await base.DisposeAsync();
        await _s.DisposeAsync();
    }

    /// <summary>The card, with its choice of events open to the test.</summary>
    private sealed class Card : RunningBroadcasts
    {
        public bool Takes(EngineEvent e) => Wants(e);
    }

    private static ChannelActivity Activity(int channel, DateTimeOffset? heldSince, double requests = 0) =>
        new(channel, requests, 0, 20, 1, DateOnly.FromDateTime(Now.UtcDateTime), 0, 1000, false, Now, null, heldSince,
            heldSince is null ? null : DecodedError.Of(80002));

    private static EngineEvent Event(ChannelActivity a) => new(EngineEventKind.Activity, null, a.ChannelId, a);

    // What the engine does about once a second: the channel's figures replace the last ones, then go out as an event.
    private void Publish(ChannelActivity a)
    {
        _activity.Set(a);
        _notifier.Publish(Event(a));
    }

    private static List<string> AwayLines(IRenderedComponent<Card> cut) =>
        cut.FindAll("[data-testid=running-provider-away]").Select(e => e.TextContent.Trim()).ToList();

    private async Task<(int Channel, Broadcast Sending)> SendingAsync(string zone = "Asia/Shanghai")
    {
        await using var db = await _s.DbAsync(Ct);
        var channel = await db.AddChannelAsync("North", zone);
        var sending = await db.AddBroadcastAsync(channel, BroadcastState.Sending, Now.UtcDateTime.AddMinutes(-5), "a",
            Delivery("+4915200000001", DeliveryState.Sent), Delivery("+4915200000002", DeliveryState.Queued));
        return (channel, sending);
    }

    [Fact]
    public async Task HoldStarts_ShowsTheLineInTheUsersZone_AndTheHoldsEndRemovesIt()
    {
        UseZone("Asia/Shanghai");
        var (channel, sending) = await SendingAsync();
        _activity.Set(Activity(channel, null, requests: 20));
        var cut = Render<Card>();
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll($"a[href='/broadcasts/{sending.Id}']")));
        Assert.Empty(AwayLines(cut));

        Publish(Activity(channel, HeldSince));

        cut.WaitForAssertion(() => Assert.Equal(["Provider unreachable since 13:58 (Asia/Shanghai), retrying."], AwayLines(cut)));
        Assert.Equal("status", cut.Find("[data-testid=running-provider-away]").GetAttribute("role"));

        _s.Time.Advance(TimeSpan.FromSeconds(1));
        Publish(Activity(channel, null, requests: 20));

        cut.WaitForAssertion(() => Assert.Empty(AwayLines(cut)));
    }

    [Fact]
    public async Task Chinese_SaysItInChinese()
    {
        UseCulture("zh-CN");
        UseZone("Asia/Shanghai");
        var (channel, _) = await SendingAsync();
        _activity.Set(Activity(channel, HeldSince));

        var cut = Render<Card>();

        cut.WaitForAssertion(() => Assert.Equal(["服务商自 13:58 (Asia/Shanghai) 起无法访问，正在重试。"], AwayLines(cut)));
    }

    [Fact]
    public async Task HeldChannel_PausedBroadcast_HasNoLine_LikeItsPage()
    {
        await using var db = await _s.DbAsync(Ct);
        var channel = await db.AddChannelAsync("North", "Asia/Shanghai");
        var paused = await db.AddBroadcastAsync(channel, BroadcastState.Paused, Now.UtcDateTime.AddMinutes(-5), "p",
            Delivery("+4915200000001", DeliveryState.Queued));
        _activity.Set(Activity(channel, HeldSince));

        var cut = Render<Card>();

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll($"a[href='/broadcasts/{paused.Id}']")));
        Assert.Empty(AwayLines(cut));
    }

    [Fact]
    public async Task Wants_ActivityOfAShownChannel_OnlyWhenItsHoldChangedFromWhatTheCardShows()
    {
        var (channel, sending) = await SendingAsync();
        int elsewhere;
        await using (var db = await _s.DbAsync(Ct))
        {
            elsewhere = await db.AddChannelAsync("Elsewhere");
        }

        _activity.Set(Activity(channel, null, requests: 20));
        var cut = Render<Card>();
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll($"a[href='/broadcasts/{sending.Id}']")));
        var card = cut.Instance;

        // Sending normally: the per-second figures change nothing the card shows; another channel's hold is not on the card.
        Assert.False(card.Takes(Event(Activity(channel, null, requests: 19.5))));
        Assert.False(card.Takes(Event(Activity(elsewhere, HeldSince))));
        Assert.True(card.Takes(Event(Activity(channel, HeldSince))));
        Assert.True(card.Takes(new EngineEvent(EngineEventKind.Broadcast, sending.Id, channel)));
        Assert.True(card.Takes(new EngineEvent(EngineEventKind.Deliveries, sending.Id, channel)));
        Assert.False(card.Takes(new EngineEvent(EngineEventKind.Deliveries, sending.Id + 1, channel)));

        // Once the card shows the hold, further events of the same hold (probes, rates) do not read again; its end does.
        Publish(Activity(channel, HeldSince));
        cut.WaitForAssertion(() => Assert.Single(AwayLines(cut)));
        Assert.False(card.Takes(Event(Activity(channel, HeldSince, requests: 0.2))));
        Assert.True(card.Takes(Event(Activity(channel, null, requests: 20))));
        Assert.True(card.Takes(Event(Activity(channel, HeldSince.AddMinutes(1)))));
    }

    [Fact]
    public async Task ActivityWithTheSameHold_DoesNotReadTheListAgain()
    {
        var (channel, sending) = await SendingAsync();
        _activity.Set(Activity(channel, null, requests: 20));
        var cut = Render<Card>();
        cut.WaitForAssertion(() => Assert.Contains("1 of 2 sent", cut.Markup, StringComparison.Ordinal));

        // A delivery is sent, but the only event is the channel's unchanged activity: the card has no reason to read.
        await using (var db = await _s.DbAsync(Ct))
        {
            await db.Deliveries.Where(d => d.BroadcastId == sending.Id).ExecuteUpdateAsync(u => u.SetProperty(d => d.State, DeliveryState.Sent), Ct);
        }

        Publish(Activity(channel, null, requests: 19));
        Publish(Activity(channel, null, requests: 18));
        Assert.Contains("1 of 2 sent", cut.Markup, StringComparison.Ordinal);

        // The hold starts: now it reads, and shows both.
        Publish(Activity(channel, HeldSince));
        cut.WaitForAssertion(() => Assert.Contains("2 of 2 sent", cut.Markup, StringComparison.Ordinal));
        Assert.Single(AwayLines(cut));
    }
}
