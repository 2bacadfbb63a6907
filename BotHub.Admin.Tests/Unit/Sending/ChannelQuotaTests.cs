using BotHub.Admin.Data;
using BotHub.Admin.Features.Channels;
using BotHub.Admin.Features.Recipients;
using BotHub.Admin.Features.Sending;
using BotHub.Admin.Features.Tiers;
using BotHub.Admin.Tests.Unit.Recipients;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BotHub.Admin.Tests.Unit.Sending;

/// <summary>
/// One channel worker's quota alone, per delivery, on a migrated temp Sqlite file and a driven clock: tier 1 here allows
/// 3 distinct users a day. The clock starts at 2025-03-10 06:00 UTC, 14:00 in Shanghai, whose day ends at 16:00 UTC.
/// </summary>
public sealed class ChannelQuotaTests : IAsyncLifetime
{
    private static readonly DateOnly Today = new(2025, 3, 10);
    private static readonly DateTimeOffset ShanghaiMidnight = new(2025, 3, 10, 16, 0, 0, TimeSpan.Zero);

    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;
    private RecipientServices _s = null!;
    private SendingChannel _channel = null!;
    private List<int> _users = null!;
    private ChannelQuota _quota = null!;
    private long _nextDelivery;

    public async ValueTask InitializeAsync()
    {
        _s = await RecipientServices.CreateAsync(_ct);
        var id = await _s.AddChannelAsync("Shop", "Asia/Shanghai", _ct);
        _channel = new SendingChannel(id, "Shop", "+8613800000000", TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"), 1, 20, 20, true);
        _users = await _s.SeedAsync(6, OptInStatus.OptedIn, [], _ct);
        var factory = _s.Get<IDbContextFactory<AppDbContext>>();
        _quota = new ChannelQuota(factory, new EngineWriter(factory), new QuotaReader(Options.Create(new TierOptions { Tier1Limit = 3 })), _s.Time);
    }

    public async ValueTask DisposeAsync()
    {
        _quota.Dispose();
        await _s.DisposeAsync();
    }

    private WorkItem Delivery(int user, int broadcastId = 7) => new(++_nextDelivery, broadcastId, _users[user], $"+49151{user + 1:D8}",
        Guid.NewGuid().ToString("N"), "Hello", 0, "botchat", "text", null, null, 0, null, OptInStatus.OptedIn, null, false);

    private Task<QuotaAnswer> ReserveAsync(int user, int broadcastId = 7) => _quota.ReserveAsync(_channel, Delivery(user, broadcastId), _ct);

    private async Task<List<(DateOnly Day, int User, int? Broadcast)>> UnitsAsync()
    {
        await using var db = await _s.DbAsync(_ct);
        var rows = await db.QuotaUses.Where(q => q.ChannelId == _channel.Id).OrderBy(q => q.Day).ThenBy(q => q.RecipientId)
            .Select(q => new { q.Day, q.RecipientId, q.BroadcastId }).ToListAsync(_ct);
        return rows.Select(r => (r.Day, _users.IndexOf(r.RecipientId), r.BroadcastId)).ToList();
    }

    [Fact]
    public async Task Reserve_PastTheTiersThreeDistinctUsers_RefusedUntilTheChannelsMidnight()
    {
        var granted = new[] { await ReserveAsync(0), await ReserveAsync(1), await ReserveAsync(2) };

        var fourth = await ReserveAsync(3);

        Assert.All(granted, a => Assert.Equal(new QuotaAnswer(true, true, Today, ShanghaiMidnight), a));
        Assert.Equal(new QuotaAnswer(false, false, Today, ShanghaiMidnight), fourth);
        Assert.Equal([(Today, 0, (int?)7), (Today, 1, 7), (Today, 2, 7)], await UnitsAsync());
        Assert.Equal(new QuotaFigures(Today, 3, 3), _quota.Figures);
    }

    [Fact]
    public async Task Reserve_TheSameUserTwiceInADay_CostsOneUnit_EvenForAnotherBroadcast()
    {
        var first = await ReserveAsync(0, broadcastId: 7);
        var second = await ReserveAsync(0, broadcastId: 8);

        Assert.Equal(new QuotaAnswer(true, true, Today, ShanghaiMidnight), first);
        Assert.Equal(new QuotaAnswer(true, false, Today, ShanghaiMidnight), second);
        Assert.Equal([(Today, 0, (int?)7)], await UnitsAsync());
        Assert.Equal(1, _quota.Figures!.Used);
    }

    [Fact]
    public async Task Reserve_AfterTheChannelsMidnight_ANewDayWithTheWholeQuota()
    {
        await ReserveAsync(0);
        await ReserveAsync(1);
        await ReserveAsync(2);
        Assert.False((await ReserveAsync(3)).Granted);

        _s.Time.SetUtcNow(ShanghaiMidnight + TimeSpan.FromSeconds(1)); // 00:00:01 in Shanghai, still 10 March in UTC
        var tomorrow = Today.AddDays(1);
        var answers = new[] { await ReserveAsync(3), await ReserveAsync(4), await ReserveAsync(0), await ReserveAsync(5) };

        Assert.Equal([true, true, true, false], answers.Select(a => a.Granted));
        Assert.All(answers, a => Assert.Equal((tomorrow, ShanghaiMidnight.AddDays(1)), (a.Day, a.ResetsAt)));
        Assert.Equal(new QuotaFigures(tomorrow, 3, 3), _quota.Figures);
    }

    [Fact]
    public async Task Release_ADeliveryEndedUnsent_GivesItsUnitBack_SoAnotherUserFitsTheDay()
    {
        var delivery = Delivery(1);
        await ReserveAsync(0);
        var reserved = await _quota.ReserveAsync(_channel, delivery, _ct);
        await ReserveAsync(2);

        await _quota.ReleaseAsync(_channel, delivery, reserved, _ct);

        Assert.Equal([(Today, 0, (int?)7), (Today, 2, 7)], await UnitsAsync());
        Assert.Equal(2, _quota.Figures!.Used);
        Assert.True((await ReserveAsync(3)).Reserved);
        Assert.False((await ReserveAsync(4)).Granted);
    }
}
