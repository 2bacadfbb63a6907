using BotHub.Admin.Features.Channels;
using BotHub.Admin.Features.Recipients;
using BotHub.Admin.Tests.Unit.Users;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace BotHub.Admin.Tests.Unit.Recipients;

public sealed class RecipientQueryTests : IAsyncLifetime
{
    // 10:00 on 25 Nov in Shanghai (02:00 UTC); it is still 24 Nov, 21:00, in New York.
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 25, 2, 0, 0, TimeSpan.Zero));
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    private IdentityServices _services = null!;
    private int _cn;
    private int _us;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private RecipientQuery Query => _services.Get<RecipientQuery>();

    public async ValueTask InitializeAsync()
    {
        _services = await IdentityServices.CreateAsync(configure: s => s.AddSingleton<TimeProvider>(_clock).AddSingleton<RecipientQuery>(), ct: Ct);
        await using var db = await _services.CreateDbContextAsync(Ct);
        var cn = new Channel { BotPhone = "+8613800000001", Name = "CN", TimeZone = "Asia/Shanghai" };
        var us = new Channel { BotPhone = "+12025550100", Name = "US", TimeZone = "America/New_York" };
        db.Channels.AddRange(cn, us);
        var now = _clock.GetUtcNow().UtcDateTime;
        var people = new[]
        {
            new Recipient { Phone = "+8613900000001", Name = "Li Wei", OptIn = OptInStatus.OptedIn, Tags = [new() { Tag = "vip" }] },
            new Recipient { Phone = "+8613900000002", Name = "Wang Fang", OptIn = OptInStatus.OptedIn, Tags = [new() { Tag = "vip" }, new() { Tag = "trial" }] },
            new Recipient { Phone = "+8613900000003", Name = "Anna 100%", OptIn = OptInStatus.OptedOut },
            new Recipient { Phone = "+8613900000004", Name = "Tom", OptIn = OptInStatus.Unknown },
        };
        db.Recipients.AddRange(people);
        await db.SaveChangesAsync(Ct);
        (_cn, _us) = (cn.Id, us.Id);
        db.RecipientActivity.AddRange(
            new RecipientChannelActivity { RecipientId = people[0].Id, ChannelId = cn.Id, LastInboundUtc = now.AddHours(-1) },   // 09:00 Shanghai today
            new RecipientChannelActivity { RecipientId = people[1].Id, ChannelId = cn.Id, LastInboundUtc = now.AddHours(-3) },   // 07:00 Shanghai today
            new RecipientChannelActivity { RecipientId = people[1].Id, ChannelId = us.Id, LastInboundUtc = now.AddHours(-3) },   // 20:00 NY, 24 Nov: today there
            new RecipientChannelActivity { RecipientId = people[2].Id, ChannelId = cn.Id, LastInboundUtc = now.AddHours(-1) },   // opted out
            new RecipientChannelActivity { RecipientId = people[0].Id, ChannelId = us.Id, LastInboundUtc = now.AddHours(-23) }); // yesterday in NY
        await db.SaveChangesAsync(Ct);
    }

    public async ValueTask DisposeAsync() => await _services.DisposeAsync();

    [Fact]
    public async Task CountEligible_FollowsEachChannelsDay_AndSkipsTheOptedOut()
    {
        Assert.Equal(2, await Query.CountEligibleAsync(_cn, Shanghai, Ct));
        Assert.Equal(1, await Query.CountEligibleAsync(_us, NewYork, Ct));

        // At 00:30 Shanghai on the 26th, yesterday's messages no longer count there.
        _clock.Advance(TimeSpan.FromHours(14.5));
        Assert.Equal(0, await Query.CountEligibleAsync(_cn, Shanghai, Ct));
    }

    [Fact]
    public async Task Filters_BySearchTagOptInAndEligibility_CountAndPage()
    {
        Assert.Equal(4, await Query.CountAsync(new RecipientFilter(), Ct));
        Assert.Equal(2, await Query.CountAsync(new RecipientFilter(Tag: "vip"), Ct));
        Assert.Equal(1, await Query.CountAsync(new RecipientFilter(Search: "wang"), Ct));
        Assert.Equal(1, await Query.CountAsync(new RecipientFilter(Search: "0000003"), Ct));
        Assert.Equal(1, await Query.CountAsync(new RecipientFilter(Search: "100%"), Ct));
        Assert.Equal(0, await Query.CountAsync(new RecipientFilter(Search: "1_0"), Ct));
        Assert.Equal(1, await Query.CountAsync(new RecipientFilter(OptIn: OptInStatus.OptedOut), Ct));
        Assert.Equal(1, await Query.CountAsync(new RecipientFilter(Tag: "vip", EligibleOnChannel: _us, ChannelZone: NewYork), Ct));

        var (rows, total) = await Query.PageAsync(new RecipientFilter(Tag: "vip"), RecipientSort.Name, descending: true, 0, 1, Ct);
        Assert.Equal(2, total);
        var row = Assert.Single(rows);
        Assert.Equal("Wang Fang", row.Name);
        Assert.Equal(["trial", "vip"], row.Tags);
    }
}
