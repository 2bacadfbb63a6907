using BotHub.Admin.Components.Pages;
using BotHub.Admin.Data;
using BotHub.Admin.Features.Broadcasts;
using BotHub.Admin.Features.Channels;
using BotHub.Admin.Features.Dashboard;
using BotHub.Admin.Features.Sending;
using BotHub.Admin.Features.Tiers;
using BotHub.Admin.Features.Users;
using BotHub.Admin.Tests.Unit.Recipients;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static BotHub.Admin.Tests.Infrastructure.BroadcastSeed;
using BotHub.Admin.Features.Security;

namespace BotHub.Admin.Tests.Components.Dashboard;

/// <summary>The home dashboard's cards on the real queries over a migrated Sqlite file: what each role sees, and the cards following the engine.</summary>
public sealed class DashboardTests : BunitTestBase, IAsyncLifetime
{
    private static readonly DateTime Now = RecipientServices.Now.UtcDateTime;

    private readonly ProgressNotifier _notifier = new();
    private RecipientServices _s = null!;

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _s = await RecipientServices.CreateAsync(Ct, s =>
        {
            s.AddSingleton<BroadcastQuery>();
            s.AddSingleton<SendingChannels>();
            s.AddSingleton(Options.Create(new TierOptions()));
            s.AddSingleton<QuotaReader>();
            s.AddSingleton(Options.Create(new BotHub.Admin.Features.Provider.BspOptions()));
            s.AddSingleton<ChannelAdmin>();
            s.AddSingleton<ChannelSummaries>();
            s.AddSingleton<PausedChannels>();
            s.AddSingleton<ChannelHealthQuery>();
        });
        Services.AddSingleton<TimeProvider>(_s.Time);
        Services.AddSingleton(_s.Get<BroadcastQuery>());
        Services.AddSingleton(_s.Get<SendingChannels>());
        Services.AddSingleton(_s.Get<QuotaReader>());
        Services.AddSingleton(_s.Get<ChannelHealthQuery>());
        Services.AddSingleton(_s.Get<IDbContextFactory<AppDbContext>>());
        Services.AddSingleton(_notifier);
        Services.AddSingleton(new EngineActivity());
        SignInAs(Roles.Staff);
    }

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        await base.DisposeAsync();
        await _s.DisposeAsync();
    }

    private Task<AppDbContext> DbAsync() => _s.DbAsync(Ct);

    [Fact]
    public async Task Running_ListsQueuedSendingPausedAndWaiting_NotFinished_AndFollowsTheEngine()
    {
        await using var db = await DbAsync();
        var channel = await db.AddChannelAsync("North");
        var sending = await db.AddBroadcastAsync(channel, BroadcastState.Sending, Now.AddMinutes(-5), "a",
            Delivery("+4915200000001", DeliveryState.Sent), Delivery("+4915200000002", DeliveryState.Queued));
        var paused = await db.AddBroadcastAsync(channel, BroadcastState.Paused, Now.AddMinutes(-4), "b", Delivery("+4915200000003", DeliveryState.Queued));
        var done = await db.AddBroadcastAsync(channel, BroadcastState.Completed, Now.AddMinutes(-3), "c", Delivery("+4915200000004", DeliveryState.Sent));
        var cancelled = await db.AddBroadcastAsync(channel, BroadcastState.Cancelled, Now.AddMinutes(-2), "d", Delivery("+4915200000005", DeliveryState.Cancelled));

        var cut = Render<RunningBroadcasts>();

        cut.WaitForAssertion(() => Assert.Equal([$"/broadcasts/{paused.Id}", $"/broadcasts/{sending.Id}"], Links(cut)));
        Assert.Contains("1 of 2 sent", cut.Markup, StringComparison.Ordinal);
        Assert.Contains("Paused", cut.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain($"Broadcast #{done.Id}", cut.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain($"Broadcast #{cancelled.Id}", cut.Markup, StringComparison.Ordinal);

        // The engine sends the last one and the broadcast completes: it leaves the card, with no reload of the page.
        db.ChangeTracker.Clear();
        await db.Deliveries.Where(d => d.BroadcastId == sending.Id).ExecuteUpdateAsync(u => u.SetProperty(d => d.State, DeliveryState.Sent), Ct);
        _notifier.Publish(new EngineEvent(EngineEventKind.Deliveries, sending.Id, channel));
        cut.WaitForAssertion(() => Assert.Contains("2 of 2 sent", cut.Markup, StringComparison.Ordinal));
        await db.Broadcasts.Where(b => b.Id == sending.Id).ExecuteUpdateAsync(u => u.SetProperty(b => b.State, BroadcastState.Completed), Ct);
        _s.Time.Advance(TimeSpan.FromSeconds(1));
        _notifier.Publish(new EngineEvent(EngineEventKind.Broadcast, sending.Id, channel));
        cut.WaitForAssertion(() => Assert.Equal([$"/broadcasts/{paused.Id}"], Links(cut)));

        await DisposeComponentsAsync();
        Assert.False(_notifier.HasSubscribers);
    }

    [Fact]
    public async Task Running_MoreThanFive_ShowsTheNewestFive_AndHowManyMore()
    {
        await using var db = await DbAsync();
        var channel = await db.AddChannelAsync("North");
        for (var i = 0; i < 7; i++)
        {
            await db.AddBroadcastAsync(channel, BroadcastState.Queued, Now.AddMinutes(i), $"q{i}", Delivery($"+49152000001{i:D2}", DeliveryState.Queued));
        }

        var cut = Render<RunningBroadcasts>();

        cut.WaitForAssertion(() => Assert.Equal(5, Links(cut).Count));
        Assert.Equal("2 more on the broadcasts page", cut.Find("a[href='/broadcasts']").TextContent.Trim());
    }

    [Fact]
    public void Running_None_SaysSo()
    {
        var cut = Render<RunningBroadcasts>();

        cut.WaitForAssertion(() => Assert.Contains("No broadcast is running", cut.Markup, StringComparison.Ordinal));
    }

    [Fact]
    public async Task RecentFailures_OfTheLastSevenDays_SaidPlainlyWithWhetherRetryHelps_InTheUsersLanguage()
    {
        await using var db = await DbAsync();
        var channel = await db.AddChannelAsync("North");
        var old = await db.AddBroadcastAsync(channel, BroadcastState.Completed, Now.AddDays(-8), "old",
            Delivery("+4915200000201", DeliveryState.Queued).Failed(10100));
        var recent = await db.AddBroadcastAsync(channel, BroadcastState.Completed, Now.AddHours(-2), "recent",
            Delivery("+4915200000202", DeliveryState.Queued).Failed(41019, 2, "caption missing"),
            Delivery("+4915200000203", DeliveryState.Sent));

        var cut = Render<RecentFailures>();

        cut.WaitForAssertion(() => Assert.Equal([$"/broadcasts/{recent.Id}"], Links(cut)));
        Assert.Contains("+4915200000202 · Broadcast #" + recent.Id, cut.Markup, StringComparison.Ordinal);
        var lines = cut.FindAll(".mud-typography").Select(t => t.TextContent.Trim()).ToList();
        Assert.Contains("The image has no caption: write one (41019) · The provider said: caption missing", lines);
        Assert.Contains("Retrying won't help: fix the number or the message first", lines);
        Assert.DoesNotContain("+4915200000201", cut.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain($"/broadcasts/{old.Id}", cut.Markup, StringComparison.Ordinal);

        UseCulture("zh-CN");
        var zh = Render<RecentFailures>();
        zh.WaitForAssertion(() => Assert.Contains("群发 #" + recent.Id, zh.Markup, StringComparison.Ordinal));
        var zhLines = zh.FindAll(".mud-typography").Select(t => t.TextContent.Trim()).ToList();
        Assert.Contains("图片没有说明文字：请填写（41019） · 服务商原文：caption missing", zhLines);
        Assert.Contains("重试无济于事：请先修正号码或消息", zhLines);
        Assert.DoesNotContain("image caption missing", zh.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task QuotaToday_UsedAgainstTheLimit_InTheChannelsDay_AndMovesWithTheEngine()
    {
        await using var db = await DbAsync();
        // 06:00 UTC is 14:00 in Shanghai: the channel's day is 10 March there, and a use on its 9 March does not count.
        var channel = await db.AddChannelAsync("North", "Asia/Shanghai");
        await UseAsync(db, channel, new DateOnly(2025, 3, 10), 1, 2, 3);
        await UseAsync(db, channel, new DateOnly(2025, 3, 9), 4);

        var cut = Render<QuotaToday>();

        cut.WaitForAssertion(() => Assert.Contains("3 / 1,000 users today", cut.Markup, StringComparison.Ordinal));
        Assert.Contains("tier 1 · 997 left · resets 2025-03-11 00:00 channel time (Asia/Shanghai), 2025-03-10 16:00 your time (UTC)", cut.Markup, StringComparison.Ordinal);

        await UseAsync(db, channel, new DateOnly(2025, 3, 10), 5);
        _notifier.Publish(new EngineEvent(EngineEventKind.Activity, null, channel, new ChannelActivity(channel, 1, 1, 20, 1,
            new DateOnly(2025, 3, 10), 4, 1000, false, RecipientServices.Now)));
        cut.WaitForAssertion(() => Assert.Contains("4 / 1,000 users today", cut.Markup, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(Roles.Staff, true, false, false)]
    [InlineData(Roles.Manager, true, true, false)]
    [InlineData(Roles.Admin, true, true, true)]
    public void Home_EachRoleSeesWhatItNeeds(string role, bool running, bool quota, bool health)
    {
        SignInAs(role);

        var cut = Render<Home>();

        cut.WaitForAssertion(() => Assert.Equal(running, cut.Markup.Contains("Running broadcasts", StringComparison.Ordinal)));
        Assert.Equal(running, cut.Markup.Contains("Recent failures", StringComparison.Ordinal));
        Assert.Equal(quota, cut.Markup.Contains("Today&#x27;s quota", StringComparison.Ordinal) || cut.Markup.Contains("Today's quota", StringComparison.Ordinal));
        Assert.Equal(health, cut.Markup.Contains("Channel health", StringComparison.Ordinal));
    }

    private static List<string> Links<T>(IRenderedComponent<T> cut)
        where T : Microsoft.AspNetCore.Components.IComponent =>
        cut.FindAll("a[href^='/broadcasts/']").Select(a => a.GetAttribute("href")!).ToList();

    private static async Task UseAsync(AppDbContext db, int channel, DateOnly day, params int[] recipients)
    {
        db.QuotaUses.AddRange(recipients.Select(r => new QuotaUse { ChannelId = channel, Day = day, RecipientId = r, AtUtc = Now }));
        await db.SaveChangesAsync(Ct);
    }
}
