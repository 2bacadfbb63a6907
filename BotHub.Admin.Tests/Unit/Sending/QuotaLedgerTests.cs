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
/// One channel's daily quota as the engine spends it, on a migrated temp Sqlite file. The clock starts at
/// 2025-03-10 06:00 UTC, 14:00 in Shanghai; the channel's day ends at 16:00 UTC, eight hours before UTC's.
/// </summary>
public sealed class QuotaLedgerTests : IAsyncLifetime
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private static readonly DateOnly Today = new(2025, 3, 10);
    private static readonly DateTimeOffset ShanghaiMidnight = new(2025, 3, 10, 16, 0, 0, TimeSpan.Zero);

    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;
    private RecipientServices _s = null!;
    private SendingChannel _channel = null!;
    private List<int> _users = null!;
    private QuotaLedger _ledger = null!;

    public async ValueTask InitializeAsync()
    {
        _s = await RecipientServices.CreateAsync(_ct);
        var id = await _s.AddChannelAsync("Shop", "Asia/Shanghai", _ct);
        _channel = new SendingChannel(id, "Shop", "+8613800000000", Shanghai, 1, 20, 20, true);
        _users = await _s.SeedAsync(10, OptInStatus.OptedIn, [], _ct);
        _ledger = Ledger(new TierOptions { Tier1Limit = 3 });
    }

    public async ValueTask DisposeAsync()
    {
        _ledger.Dispose();
        await _s.DisposeAsync();
    }

    private QuotaLedger Ledger(TierOptions tiers) =>
        new(_s.Get<IDbContextFactory<AppDbContext>>(), new EngineWriter(_s.Get<IDbContextFactory<AppDbContext>>()), new QuotaReader(Options.Create(tiers)), _s.Time);

    private Task<QuotaAnswer> ReserveAsync(int user, SendingChannel? channel = null, QuotaLedger? ledger = null, int broadcastId = 7) =>
        (ledger ?? _ledger).ReserveAsync(channel ?? _channel, _users[user], broadcastId, _ct);

    private async Task<List<(DateOnly Day, int User)>> RowsAsync()
    {
        await using var db = await _s.DbAsync(_ct);
        var rows = await db.QuotaUses.Where(q => q.ChannelId == _channel.Id).OrderBy(q => q.Day).ThenBy(q => q.RecipientId)
            .Select(q => new { q.Day, q.RecipientId }).ToListAsync(_ct);
        return rows.Select(r => (r.Day, _users.IndexOf(r.RecipientId))).ToList();
    }

    private async Task AddHistoryAsync(DateOnly day, params int[] users)
    {
        await using var db = await _s.DbAsync(_ct);
        db.QuotaUses.AddRange(users.Select(u => new QuotaUse
        {
            ChannelId = _channel.Id, Day = day, RecipientId = _users[u], AtUtc = RecipientServices.Now.UtcDateTime,
        }));
        await db.SaveChangesAsync(_ct);
    }

    [Fact]
    public async Task Reserve_ThreeDistinctUsers_GrantedAndReservedWithARowEachForTheLocalDay()
    {
        var answers = new[] { await ReserveAsync(0), await ReserveAsync(1), await ReserveAsync(2) };

        Assert.All(answers, a => Assert.Equal(new QuotaAnswer(true, true, Today, ShanghaiMidnight), a));
        Assert.Equal([(Today, 0), (Today, 1), (Today, 2)], await RowsAsync());
    }

    [Fact]
    public async Task Reserve_RecordsTheBroadcastItSpendsFor_AndASecondBroadcastToTheSameUserAddsNothing()
    {
        await ReserveAsync(0, broadcastId: 41);
        await ReserveAsync(1, broadcastId: 42);
        await ReserveAsync(0, broadcastId: 42);

        await using var db = await _s.DbAsync(_ct);
        var rows = await db.QuotaUses.OrderBy(q => q.RecipientId).Select(q => new { q.RecipientId, q.BroadcastId }).ToListAsync(_ct);
        Assert.Equal([(_users[0], (int?)41), (_users[1], 42)], rows.Select(r => (r.RecipientId, r.BroadcastId)));
    }

    [Fact]
    public async Task Reserve_FourthUserOfTheDay_RefusedUntilShanghaiMidnightAndNoRowWritten()
    {
        await ReserveAsync(0);
        await ReserveAsync(1);
        await ReserveAsync(2);

        var fourth = await ReserveAsync(3);

        Assert.Equal(new QuotaAnswer(false, false, Today, ShanghaiMidnight), fourth);
        Assert.Equal(3, (await RowsAsync()).Count);
    }

    [Fact]
    public async Task Reserve_UserAlreadyNotifiedToday_GrantedWithoutReservingEvenWhenFull()
    {
        await ReserveAsync(0);
        await ReserveAsync(1);
        await ReserveAsync(2);

        var again = await ReserveAsync(1);

        Assert.Equal(new QuotaAnswer(true, false, Today, ShanghaiMidnight), again);
        Assert.Equal(3, (await RowsAsync()).Count);
    }

    [Fact]
    public async Task Release_OneOfAFullDay_DeletesItsRowAndFreesASlot()
    {
        await ReserveAsync(0);
        var failed = await ReserveAsync(1);
        await ReserveAsync(2);

        await _ledger.ReleaseAsync(_channel.Id, _users[1], deliveryId: 0, failed.Day, dayStartUtc: DateTime.MinValue, _ct);

        Assert.Equal([(Today, 0), (Today, 2)], await RowsAsync());
        Assert.Equal(new QuotaAnswer(true, true, Today, ShanghaiMidnight), await ReserveAsync(3));
        Assert.False((await ReserveAsync(4)).Granted);
    }

    [Fact]
    public async Task Release_ThenReserveTheSameUser_ReservesAgain()
    {
        var first = await ReserveAsync(0);
        await _ledger.ReleaseAsync(_channel.Id, _users[0], deliveryId: 0, first.Day, dayStartUtc: DateTime.MinValue, _ct);

        var again = await ReserveAsync(0);

        Assert.True(again.Reserved);
        Assert.Equal([(Today, 0)], await RowsAsync());
    }

    [Fact]
    public async Task Reserve_PastShanghaiMidnightButBeforeUtcMidnight_ANewDayWithAFullQuota()
    {
        await ReserveAsync(0);
        await ReserveAsync(1);
        await ReserveAsync(2);
        _s.Time.SetUtcNow(ShanghaiMidnight - TimeSpan.FromSeconds(1)); // 23:59:59 in Shanghai, and past the minute's refresh
        Assert.False((await ReserveAsync(3)).Granted);

        _s.Time.SetUtcNow(ShanghaiMidnight + TimeSpan.FromSeconds(1)); // 00:00:01 in Shanghai, 16:00:01 UTC on the same UTC day
        var tomorrow = Today.AddDays(1);
        var nextReset = ShanghaiMidnight.AddDays(1);
        var answers = new[] { await ReserveAsync(3), await ReserveAsync(0), await ReserveAsync(4) };

        Assert.All(answers, a => Assert.Equal(new QuotaAnswer(true, true, tomorrow, nextReset), a));
        Assert.Equal(new QuotaAnswer(false, false, tomorrow, nextReset), await ReserveAsync(5));
        Assert.Equal([(Today, 0), (Today, 1), (Today, 2), (tomorrow, 0), (tomorrow, 3), (tomorrow, 4)], await RowsAsync());
    }

    [Fact]
    public async Task Release_OfYesterdayAfterMidnight_DeletesThatRowAndLeavesTodayAlone()
    {
        var yesterday = await ReserveAsync(0);
        _s.Time.SetUtcNow(ShanghaiMidnight + TimeSpan.FromMinutes(5));
        await ReserveAsync(0);
        await ReserveAsync(1);

        await _ledger.ReleaseAsync(_channel.Id, _users[0], deliveryId: 0, yesterday.Day, dayStartUtc: DateTime.MinValue, _ct);

        Assert.Equal([(Today.AddDays(1), 0), (Today.AddDays(1), 1)], await RowsAsync());
        Assert.False((await ReserveAsync(0)).Reserved); // still notified today
        Assert.True((await ReserveAsync(2)).Reserved);
        Assert.False((await ReserveAsync(3)).Granted);
    }

    [Fact]
    public async Task Reserve_NewLedger_CountsTodaysRowsAlreadyInTheDatabase()
    {
        await AddHistoryAsync(Today, 0, 1);
        await AddHistoryAsync(Today.AddDays(-1), 2, 3, 4);

        Assert.False((await ReserveAsync(0)).Reserved);
        Assert.True((await ReserveAsync(2)).Reserved);
        Assert.False((await ReserveAsync(3)).Granted);
    }

    [Fact]
    public async Task Reserve_RowsWrittenElsewhere_SeenAfterTheMinutesRefresh()
    {
        await ReserveAsync(0);
        await AddHistoryAsync(Today, 1, 2);
        Assert.True((await ReserveAsync(3)).Reserved); // the ledger's count is a minute old

        _s.Time.Advance(TimeSpan.FromMinutes(1));

        Assert.False((await ReserveAsync(4)).Granted);
        Assert.False((await ReserveAsync(1)).Reserved);
    }

    [Fact]
    public async Task Reserve_HistoryEarnsTier2_AdminTier2GovernsWithTheTier2Limit()
    {
        var tiers = new TierOptions { Tier1Limit = 3, Tier2Limit = 5, Tier2UpgradeAt = 4 };
        await AddHistoryAsync(Today.AddDays(-6), 6, 7);
        await AddHistoryAsync(Today.AddDays(-1), 7, 8, 9);
        var tier2 = _channel with { Tier = 2 };
        using var ledger = Ledger(tiers);

        var answers = new List<QuotaAnswer>();
        for (var u = 0; u < 6; u++)
        {
            answers.Add(await ReserveAsync(u, tier2, ledger));
        }

        Assert.Equal([true, true, true, true, true, false], answers.Select(a => a.Granted));
    }

    [Theory]
    [InlineData(1, new[] { -6, -1 }, 2, 1)] // history earns tier 2, the admin set tier 1: the lower governs
    [InlineData(3, new[] { -6, -1 }, 2, 2)] // admin tier 3, history tier 2
    [InlineData(2, new[] { -7, -1 }, 1, 1)] // the rows 7 days back are outside the window: 3 distinct users, tier 1
    [InlineData(2, new[] { -1, 0 }, 2, 2)] // today counts in the window
    public async Task ReadAsync_AdminAndDerivedTier_TheLowerGoverns(int adminTier, int[] days, int derived, int governing)
    {
        var tiers = new TierOptions { Tier1Limit = 3, Tier2Limit = 5, Tier2UpgradeAt = 4 };
        await AddHistoryAsync(Today.AddDays(days[0]), 6, 7);
        await AddHistoryAsync(Today.AddDays(days[1]), 7, 8, 9);
        await using var db = await _s.DbAsync(_ct);

        var status = await new QuotaReader(Options.Create(tiers)).ReadAsync(db, _channel with { Tier = adminTier }, _s.Time.GetUtcNow(), _ct);

        Assert.Equal((adminTier, derived, governing), (status.AdminTier, status.DerivedTier, status.GoverningTier));
        Assert.Equal(governing == 1 ? 3 : 5, status.Limit);
        Assert.Equal(days[0] == -7 ? 3 : 4, status.DistinctInWindow);
        Assert.Equal(ShanghaiMidnight, status.ResetsAt);
    }
}
