using System.Text;
using BotHub.Admin.Data;
using BotHub.Admin.Features.Broadcasts;
using BotHub.Admin.Features.Channels;
using BotHub.Admin.Features.Recipients;
using BotHub.Admin.Features.Sending;
using BotHub.Admin.Features.Tiers;
using BotHub.Admin.Tests.Infrastructure;
using BotHub.Admin.Tests.Unit.Recipients;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace BotHub.Admin.Tests.Unit.Tiers;

/// <summary>The tier page's query on a migrated Sqlite file: days in the channel's zone, sums over channels, broadcasts, SQL.</summary>
public sealed class TierUsageQueryTests : IAsyncLifetime
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private static readonly DateOnly Today = new(2025, 3, 10); // RecipientServices.Now is 14:00 in Shanghai, 06:00 UTC

    private readonly CancellationToken _ct = Xunit.TestContext.Current.CancellationToken;
    private RecipientServices _s = null!;
    private List<int> _users = null!;

    public async ValueTask InitializeAsync()
    {
        _s = await RecipientServices.CreateAsync(_ct, TierServices.Add);
        _users = await _s.SeedAsync(6, OptInStatus.OptedIn, [], _ct);
    }

    public ValueTask DisposeAsync() => _s.DisposeAsync();

    private TierUsageQuery Query => _s.Get<TierUsageQuery>();

    private async Task<int> ChannelAsync(string name, string zone, int tier = 1)
    {
        await using var db = await _s.DbAsync(_ct);
        var id = await db.AddChannelAsync(name, zone);
        await db.Channels.Where(c => c.Id == id).ExecuteUpdateAsync(u => u.SetProperty(c => c.Tier, tier), _ct);
        return id;
    }

    private async Task UsesAsync(int channelId, DateOnly day, int? broadcastId, params int[] users)
    {
        await using var db = await _s.DbAsync(_ct);
        db.QuotaUses.AddRange(users.Select(u => new QuotaUse
        {
            ChannelId = channelId, Day = day, RecipientId = _users[u], AtUtc = RecipientServices.Now.UtcDateTime, BroadcastId = broadcastId,
        }));
        await db.SaveChangesAsync(_ct);
    }

    [Fact]
    public async Task ShanghaiChannel_SendsAt2330And0030Local_CountOnTwoDays_ThoughBothAreTheSameUtcDate()
    {
        var channelId = await ChannelAsync("Shanghai", "Asia/Shanghai");
        var channel = new SendingChannel(channelId, "Shanghai", "+8613800000000", Shanghai, 1, 20, 20, true);
        var factory = _s.Get<IDbContextFactory<AppDbContext>>();
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 3, 9, 15, 30, 0, TimeSpan.Zero)); // 23:30 on the 9th in Shanghai
        await using (var writer = new EngineWriter(factory))
        using (var ledger = new QuotaLedger(factory, writer, new QuotaReader(Options.Create(new TierOptions())), clock))
        {
            await ledger.ReserveAsync(channel, _users[0], 1, _ct);
            clock.Advance(TimeSpan.FromHours(1)); // 00:30 on the 10th in Shanghai, still the 9th in UTC
            await ledger.ReserveAsync(channel, _users[0], 1, _ct);
            await ledger.ReserveAsync(channel, _users[1], 1, _ct);
        }

        var usage = await Query.LoadAsync(channelId, 7, _ct);

        Assert.Equal(7, usage.Days.Count);
        Assert.Equal(Today, usage.Days[^1].Day);
        Assert.Equal(1, usage.Days.Single(d => d.Day == Today.AddDays(-1)).Users);
        Assert.Equal(2, usage.Days.Single(d => d.Day == Today).Users);
        Assert.Equal(2, usage.UsedToday);
        Assert.Equal(2, usage.OneChannel!.Status.DistinctInWindow); // the same user on two days counts once in the window
        Assert.Equal(2, usage.OneChannel.ActiveDays);
    }

    [Fact]
    public async Task AllChannels_SumEachChannelsDistinctUsers_AUserOnTwoChannelsCountsOnEach_AgainstTheSumOfLimits()
    {
        var north = await ChannelAsync("North", "UTC", tier: 2);
        var south = await ChannelAsync("South", "UTC", tier: 1);
        await UsesAsync(north, Today, null, 0, 1, 2);
        await UsesAsync(south, Today, null, 0, 3);

        var all = await Query.LoadAsync(null, 7, _ct);

        Assert.Equal(5, all.Days[^1].Users);
        Assert.Equal(2_000, all.Days[^1].Limit); // both derive tier 1 from so little history: 1,000 + 1,000
        Assert.Equal(5, all.UsedToday);
        Assert.Equal(2, all.Channels.Count);
        Assert.Null(all.OneChannel);

        using var stream = new MemoryStream();
        await TierUsageCsv.WriteAsync(stream, all, _ct);
        var lines = Encoding.UTF8.GetString(stream.ToArray()[3..]).TrimEnd().Split("\r\n");
        Assert.Equal("2025-03-10,all channels,,,5,2000,0.0025", lines[7]);
    }

    [Fact]
    public async Task PerBroadcast_UnitsPerDayAndBroadcast_WithItsShareOfTheDaysLimit_AndRowsBeforeRecordingApart()
    {
        var channelId = await ChannelAsync("Shop", "UTC");
        await using (var db = await _s.DbAsync(_ct))
        {
            var a = await db.AddBroadcastAsync(channelId, BroadcastState.Completed, Today.ToDateTime(TimeOnly.MinValue), "Spring offer");
            var b = await db.AddBroadcastAsync(channelId, BroadcastState.Completed, Today.ToDateTime(TimeOnly.MinValue), "Opening hours");
            await UsesAsync(channelId, Today, a.Id, 0, 1, 2);
            await UsesAsync(channelId, Today, b.Id, 3);
            await UsesAsync(channelId, Today.AddDays(-1), null, 0);
        }

        var usage = await Query.LoadAsync(channelId, 7, _ct);

        var rows = usage.Broadcasts.Select(r => (r.Day, r.Text, r.Users)).ToList();
        Assert.Equal([(Today, "Spring offer", 3), (Today, "Opening hours", 1), (Today.AddDays(-1), null, 1)], rows);
        Assert.Equal(0.003, usage.Broadcasts[0].Share, 6);
    }

    [Theory]
    [InlineData(7)]
    [InlineData(30)]
    [InlineData(90)]
    public async Task Range_GivesOneFigurePerDayEndingToday_UsesOutsideLeftOut(int days)
    {
        var channelId = await ChannelAsync("Shop", "UTC");
        await UsesAsync(channelId, Today.AddDays(-(days - 1)), null, 0);
        await UsesAsync(channelId, Today.AddDays(-days), null, 1, 2);

        var usage = await Query.LoadAsync(channelId, days, _ct);

        Assert.Equal(days, usage.Days.Count);
        Assert.Equal(Today.AddDays(1 - days), usage.Days[0].Day);
        Assert.Equal(1, usage.Days.Sum(d => d.Users));
    }

    [Fact]
    public async Task SecondLoad_ReadsTodayAndYesterdayAgain_AndKeepsTheClosedDaysItRead()
    {
        var channelId = await ChannelAsync("Shop", "UTC");
        await UsesAsync(channelId, Today.AddDays(-3), null, 0);
        await Query.LoadAsync(channelId, 7, _ct);

        await UsesAsync(channelId, Today, null, 1, 2);
        await UsesAsync(channelId, Today.AddDays(-1), null, 3);
        await UsesAsync(channelId, Today.AddDays(-3), null, 4); // cannot happen: the engine never reserves for a closed day

        var usage = await Query.LoadAsync(channelId, 7, _ct);

        Assert.Equal(2, usage.Days[^1].Users);
        Assert.Equal(1, usage.Days[^2].Users);
        Assert.Equal(1, usage.Days[^4].Users); // as first read
        Assert.Equal(5, usage.OneChannel!.Status.DistinctInWindow); // the window is always counted afresh
    }

    [Fact]
    public async Task Counting_IsGroupedInTheDatabase_OnTheChannelDayBroadcastIndex()
    {
        await using var db = await _s.DbAsync(_ct);
        var sql = TierUsageQuery.CountQuery(db, [1, 2], Today.AddDays(-6), Today).ToQueryString();

        Assert.Contains("GROUP BY", sql, StringComparison.Ordinal);
        Assert.Contains("COUNT(*)", sql, StringComparison.Ordinal);

        // ToQueryString gives Sqlite's ".param set @name value" lines, then the statement: ask Sqlite for its plan.
        var lines = sql.Split('\n');
        await db.Database.OpenConnectionAsync(_ct);
        await using var plan = db.Database.GetDbConnection().CreateCommand();
        plan.CommandText = "EXPLAIN QUERY PLAN " + string.Join('\n', lines.Where(l => !l.StartsWith(".param", StringComparison.Ordinal)));
        foreach (var param in lines.Where(l => l.StartsWith(".param set ", StringComparison.Ordinal)).Select(l => l.Split(' ', 4)))
        {
            var p = plan.CreateParameter();
            p.ParameterName = param[2];
            p.Value = param[3].Trim().Trim('\'');
            plan.Parameters.Add(p);
        }

        var steps = new List<string>();
        await using (var reader = await plan.ExecuteReaderAsync(_ct))
        {
            while (await reader.ReadAsync(_ct))
            {
                steps.Add(reader.GetString(3));
            }
        }

        Assert.Contains(steps, s => s.Contains("COVERING INDEX IX_QuotaUses_ChannelId_Day_BroadcastId", StringComparison.Ordinal));
        Assert.DoesNotContain(steps, s => s.Contains("TEMP B-TREE", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Csv_HasABom_AHeader_ADayRowEach_AndBroadcastTextMadeHarmless()
    {
        var channelId = await ChannelAsync("Shop", "UTC");
        await using (var db = await _s.DbAsync(_ct))
        {
            var a = await db.AddBroadcastAsync(channelId, BroadcastState.Completed, Today.ToDateTime(TimeOnly.MinValue), "=HYPERLINK(\"x\")");
            await UsesAsync(channelId, Today, a.Id, 0, 1);
        }

        var usage = await Query.LoadAsync(channelId, 7, _ct);
        using var stream = new MemoryStream();
        await TierUsageCsv.WriteAsync(stream, usage, _ct);

        var bytes = stream.ToArray();
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).TrimEnd().Split("\r\n");
        Assert.Equal(TierUsageCsv.Header, lines[0]);
        Assert.Equal("2025-03-10,Shop,,,2,1000,0.0020", lines[7]);
        Assert.StartsWith("2025-03-10,Shop,", lines[8], StringComparison.Ordinal);
        Assert.Contains(",\"'=HYPERLINK(\"\"x\"\")\",2,1000,0.0020", lines[8], StringComparison.Ordinal);
    }
}

public static class TierServices
{
    /// <summary>What the tier page needs besides the database (the app registers these in AddCompose and AddTiers).</summary>
    public static void Add(IServiceCollection s)
    {
        s.AddOptions<TierOptions>();
        s.AddSingleton<SendingChannels>();
        s.AddSingleton<TierUsageQuery>();
        s.AddSingleton<IBroadcastLabels, BotHub.Admin.Features.Sending.BroadcastLabels>();
    }
}
