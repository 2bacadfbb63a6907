using BotHub.Admin.Features.Compose;
using BotHub.Admin.Features.Recipients;
using BotHub.Admin.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static BotHub.Admin.Tests.Integration.Compose.ComposeSeed;

namespace BotHub.Admin.Tests.Integration.Compose;

/// <summary>Planning shortly before the channel's midnight; a class of its own because it moves the shared clock.</summary>
public sealed class AudiencePlannerMidnightTests(ChannelTestApp app) : IClassFixture<ChannelTestApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Plan_ShortlyBeforeTheChannelsMidnight_CountsWhoWouldBeReachedOnlyAfterIt()
    {
        var midnight = Eligibility.NextDayStartUtc(Shanghai, app.Clock.GetUtcNow());
        app.Clock.SetUtcNow(midnight.AddSeconds(-2));
        var channel = await app.ChannelAsync();
        var planner = app.Services.GetRequiredService<AudiencePlanner>();
        var many = NewTag();
        var few = NewTag();
        await app.SeedAsync(many, Enumerable.Range(0, 60).Select(_ => new Person(LastInboundUtc: app.Now())).ToArray());
        await app.SeedAsync(few, Enumerable.Range(0, 10).Select(_ => new Person(LastInboundUtc: app.Now())).ToArray());

        var late = await planner.PlanAsync(Text(channel.Id, "Good night", Tagged(many)), channel, Ct);
        var inTime = await planner.PlanAsync(Text(channel.Id, "Good night", Tagged(few)), channel, Ct);

        // 60 new users: 120 requests; the first 20 go at once, then 20 per second. Two seconds reach 2 * 20 + 20 = 60
        // requests, i.e. 30 users; the other 30 would be reached after midnight.
        Assert.Equal(60, late.Eligible);
        Assert.Equal(midnight, late.Midnight);
        Assert.Equal(TimeSpan.FromSeconds(5), late.Duration);
        Assert.False(late.FinishesBeforeMidnight);
        Assert.Equal(30, late.LikelyLost);
        Assert.Equal(0, inTime.LikelyLost);
        Assert.True(inTime.FinishesBeforeMidnight);
    }
}
