using System.Collections.Concurrent;
using BotHub.Admin.Features.Sending;
using BotHub.Admin.Features.Tiers;
using Microsoft.Extensions.DependencyInjection;
using BotHub.Admin.Features.Channels;

namespace BotHub.Admin.Tests.Integration.Sending;

/// <summary>What the engine tells the pages while it sends: events per delivery and broadcast, and each channel's activity.</summary>
public sealed class EngineActivityTests(EngineTestApp app) : IClassFixture<EngineTestApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WhileSending_ActivityEventsCarryTheRateAgainstTheLimit_AndTodaysQuotaUse()
    {
        var (channelId, bot) = await app.CreateChannelAsync(Ct);
        var users = EngineTestApp.NewUsers(30);
        await app.WriteInAsync(bot, users, Ct);
        var events = new ConcurrentQueue<EngineEvent>();
        using var subscription = app.Services.GetRequiredService<ProgressNotifier>().Subscribe(events.Enqueue);

        var broadcastId = await app.BroadcastAsync(channelId, users, Ct);
        await app.WaitSettledAsync(broadcastId, Ct);
        // The figures go out about once a second: wait for one that counts every user.
        await app.WaitUntilAsync(_ => Task.FromResult(events.Any(e => e.Activity is { QuotaUsed: 30 } a && a.ChannelId == channelId)),
            "an activity event with the quota of all 30 users", Ct);

        Assert.Contains(events, e => e.Kind == EngineEventKind.Broadcast && e.BroadcastId == broadcastId);
        Assert.Equal(30, events.Count(e => e.Kind == EngineEventKind.Deliveries && e.BroadcastId == broadcastId));
        var activity = events.Where(e => e.Kind == EngineEventKind.Activity && e.ChannelId == channelId).Select(e => e.Activity!).ToList();
        Assert.All(activity, a => Assert.Equal((20, false), (a.RateLimit, a.Paused)));
        Assert.All(activity.Where(a => a.QuotaUsed > 0), a => Assert.Equal(1000, a.QuotaLimit));
        // 60 requests at 20/s holding 20 take about 2 s: some second must have seen requests, none more than the bucket allows.
        Assert.Contains(activity, a => a.RequestsPerSecond > 0 && a.UsersPerSecond > 0);
        Assert.All(activity, a => Assert.InRange(a.RequestsPerSecond, 0, 40));
        var latest = app.Services.GetRequiredService<EngineActivity>().Of(channelId);
        Assert.NotNull(latest);
        Assert.Equal(QuotaReader.LocalDay(TimeZoneInfo.FindSystemTimeZoneById((await ZoneAsync(channelId))), DateTimeOffset.UtcNow), latest.QuotaDay);
    }

    [Fact]
    public async Task TwoBroadcastsOnOneChannel_EachHasItsOwnShareOfTheRate_ForgottenOnceQuiet()
    {
        var (channelId, bot) = await app.CreateChannelAsync(Ct);
        var users = EngineTestApp.NewUsers(60);
        await app.WriteInAsync(bot, users, Ct);
        var events = new ConcurrentQueue<EngineEvent>();
        using var subscription = app.Services.GetRequiredService<ProgressNotifier>().Subscribe(events.Enqueue);

        // 120 requests at 20/s: both broadcasts send for about 6 s at once.
        var first = await app.BroadcastAsync(channelId, users[..30], Ct);
        var second = await app.BroadcastAsync(channelId, users[30..], Ct);
        await app.WaitSettledAsync(first, Ct);
        await app.WaitSettledAsync(second, Ct);

        var activity = events.Where(e => e.Kind == EngineEventKind.Activity && e.ChannelId == channelId).Select(e => e.Activity!).ToList();
        Assert.Contains(activity, a => a.RateOf(first).RequestsPerSecond > 0 && a.RateOf(second).RequestsPerSecond > 0);
        Assert.Contains(activity, a => a.RateOf(first).UsersPerSecond > 0);
        Assert.All(activity.Where(a => a.ByBroadcast is not null), a => Assert.Subset(new HashSet<int> { first, second }, a.ByBroadcast!.Keys.ToHashSet()));
        Assert.Equal(new BroadcastRate(0, 0), activity[^1].RateOf(first + second + 1000));

        // Five quiet seconds later the channel keeps no figures for either.
        var engine = app.Services.GetRequiredService<EngineActivity>();
        await app.WaitUntilAsync(_ => Task.FromResult(engine.Of(channelId) is { ByBroadcast: null }), "the broadcasts' meters dropped", Ct, seconds: 15);
    }

    private async Task<string> ZoneAsync(int channelId)
    {
        await using var db = await app.DbAsync(Ct);
        return db.Channels.Single(c => c.Id == channelId).TimeZone;
    }
}
