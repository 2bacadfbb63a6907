using BotHub.Admin.Data;
using BotHub.Admin.Features.Channels;
using BotHub.Admin.Features.Recipients;
using BotHub.Admin.Features.Tiers;
using BotHub.Admin.Tests.Infrastructure;
using BotHub.Admin.Tests.Unit.Recipients;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BotHub.Admin.Tests.Unit.Tiers;

/// <summary>The tier query's kept closed days stay bounded over months of running, and the figures stay right.</summary>
public sealed class ClosedDaysTests : IAsyncLifetime
{
    private readonly CancellationToken _ct = Xunit.TestContext.Current.CancellationToken;
    private RecipientServices _s = null!;
    private List<int> _users = null!;

    public async ValueTask InitializeAsync()
    {
        _s = await RecipientServices.CreateAsync(_ct, TierServices.Add);
        _users = await _s.SeedAsync(3, OptInStatus.OptedIn, [], _ct);
    }

    public ValueTask DisposeAsync() => _s.DisposeAsync();

    private DateOnly Today => DateOnly.FromDateTime(_s.Time.GetUtcNow().UtcDateTime);

    [Fact]
    public async Task DailyLoadsForFourMonths_KeepOnlyTheLast96ClosedDays()
    {
        var channel = await ChannelAsync("Shop");
        var query = _s.Get<TierUsageQuery>();
        for (var day = 0; day < 120; day++)
        {
            _s.Time.Advance(TimeSpan.FromDays(1));
            await query.LoadAsync(channel, 90, _ct);
            Assert.True(query.Closed.Keys.Count <= 96, $"day {day}: {query.Closed.Keys.Count} kept");
        }

        var kept = query.Closed.Keys.Select(k => k.Day).Order().ToList();
        Assert.Equal(96, kept.Count); // closed days from today − 97 to today − 2: the 90-day range and a week
        Assert.Equal(Today.AddDays(-ClosedDays.KeepDays), kept[0]);
        Assert.Equal(Today.AddDays(-2), kept[^1]);
    }

    [Fact]
    public async Task AChannelNoLongerListed_IsDropped()
    {
        var kept = await ChannelAsync("Kept");
        var removed = await ChannelAsync("Removed");
        var query = _s.Get<TierUsageQuery>();
        await query.LoadAsync(null, 7, _ct);
        Assert.Equal([kept, removed], query.Closed.Keys.Select(k => k.ChannelId).Distinct().Order());

        await using (var db = await _s.DbAsync(_ct))
        {
            await db.Channels.Where(c => c.Id == removed).ExecuteDeleteAsync(_ct);
        }

        await query.LoadAsync(kept, 7, _ct);

        Assert.Equal([kept], query.Closed.Keys.Select(k => k.ChannelId).Distinct());
    }

    [Fact]
    public async Task PastTheCap_TheOldestDaysGoFirst_AndTheFiguresAreThoseOfAnUncappedQuery()
    {
        var channel = await ChannelAsync("Shop");
        await UsesAsync(channel, Today.AddDays(-50), 0);
        await UsesAsync(channel, Today.AddDays(-5), 1, 2);
        var capped = new TierUsageQuery(_s.Get<IDbContextFactory<AppDbContext>>(), _s.Get<SendingChannels>(), Options.Create(new TierOptions()), _s.Time, _s.Get<IBroadcastLabels>())
        {
            Closed = new ClosedDays { MaxCounts = 20 },
        };
        var uncapped = _s.Get<TierUsageQuery>();

        var first = await capped.LoadAsync(channel, 90, _ct);

        var kept = capped.Closed.Keys.Select(k => k.Day).Order().ToList();
        Assert.Equal(20, kept.Count); // each day here has at most one count, so weighs one
        Assert.Equal(Today.AddDays(-21), kept[0]);
        var expected = (await uncapped.LoadAsync(channel, 90, _ct)).Days.Select(d => d.Users).ToList();
        Assert.Equal(3, expected.Sum());
        Assert.Equal(expected, first.Days.Select(d => d.Users));
        Assert.Equal(expected, (await capped.LoadAsync(channel, 90, _ct)).Days.Select(d => d.Users)); // dropped days read again
        Assert.Equal(20, capped.Closed.Keys.Count);
    }

    private async Task<int> ChannelAsync(string name)
    {
        await using var db = await _s.DbAsync(_ct);
        return await db.AddChannelAsync(name);
    }

    private async Task UsesAsync(int channelId, DateOnly day, params int[] users)
    {
        await using var db = await _s.DbAsync(_ct);
        db.QuotaUses.AddRange(users.Select(u => new QuotaUse
        {
            ChannelId = channelId, Day = day, RecipientId = _users[u], AtUtc = RecipientServices.Now.UtcDateTime,
        }));
        await db.SaveChangesAsync(_ct);
    }
}
