using BotHub.Admin.Features.Compose;
using BotHub.Admin.Features.Tiers;
using BotHub.Admin.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static BotHub.Admin.Tests.Integration.Compose.ComposeSeed;
using BotHub.Admin.Features.Channels;

namespace BotHub.Admin.Tests.Integration.Compose;

/// <summary>Planning against today's quota; a class of its own because the quota rows it adds are the channel's for the day.</summary>
public sealed class AudiencePlannerQuotaTests : IClassFixture<ChannelTestApp>
{
    private const int OthersBase = 1_000_000; // quota rows of users outside the tests' audiences

    private readonly ChannelTestApp _app;

    public AudiencePlannerQuotaTests(ChannelTestApp app)
    {
        _app = app;
        _app.EnsureDaytime();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private AudiencePlanner Planner => _app.Services.GetRequiredService<AudiencePlanner>();

    private async Task SetTierAsync(int tier)
    {
        await using var db = await _app.DbAsync();
        await db.Channels.Where(c => c.BotPhone == ChannelTestApp.BotPhone).ExecuteUpdateAsync(s => s.SetProperty(c => c.Tier, tier), Ct);
    }

    /// <summary>Moves the clock a day on, so a test's quota rows are the only ones of its day.</summary>
    private void StartAFreshDay() => _app.Clock.Advance(TimeSpan.FromDays(1));

    /// <summary>Fills today's quota up to <paramref name="used"/> with other users.</summary>
    private async Task UseQuotaTodayAsync(int used)
    {
        var channel = await _app.ChannelAsync();
        var day = QuotaReader.LocalDay(Shanghai, _app.Clock.GetUtcNow());
        await using var db = await _app.DbAsync();
        var already = await db.QuotaUses.CountAsync(q => q.ChannelId == channel.Id && q.Day == day, Ct);
        db.QuotaUses.AddRange(Enumerable.Range(OthersBase + already, used - already)
            .Select(i => new QuotaUse { ChannelId = channel.Id, Day = day, RecipientId = i, AtUtc = _app.Now() }));
        await db.SaveChangesAsync(Ct);
    }

    [Fact]
    public async Task Plan_QuotaCoversPartOfTheAudience_TheRestWaits_AndThoseNotifiedTodayCostNothing()
    {
        StartAFreshDay();
        await SetTierAsync(1);
        var tag = NewTag();
        var now = _app.Now();
        var people = new[]
        {
            new Person(LastInboundUtc: now, NotifiedToday: true, CheckedUtc: now),
            new Person(LastInboundUtc: now),
            new Person(LastInboundUtc: now, CheckedUtc: now),
            new Person(LastInboundUtc: now),
            new Person(LastInboundUtc: now, NotifiedToday: true, CheckedUtc: now),
            new Person(LastInboundUtc: now),
            new Person(LastInboundUtc: now),
            new Person(LastInboundUtc: now),
        };
        await _app.SeedAsync(tag, people); // two notified today: quota used 2
        await UseQuotaTodayAsync(997); // 3 left

        var plan = await Planner.PlanAsync(Text((await _app.ChannelAsync()).Id, "Hello", Tagged(tag)), await _app.ChannelAsync(), Ct);

        Assert.Equal((1_000, 997, 3), (plan.Quota.Limit, plan.Quota.Used, plan.Quota.Remaining));
        Assert.Equal(8, plan.Eligible);
        Assert.Equal(2, plan.AlreadyNotifiedToday);
        Assert.Equal(2 + 3, plan.GoToday);
        Assert.Equal(3, plan.WaitForQuota);
        // In sending order: notified, new, checked, new (quota spent), notified, then three waiting.
        Assert.Equal((2, 3), (plan.NewUsers, plan.CheckedUsers));
        Assert.Equal(plan.GoToday, plan.NewUsers + plan.CheckedUsers);
    }

    [Fact]
    public async Task Plan_QuotaUsedUp_EveryoneNotYetNotifiedWaitsForQuota()
    {
        StartAFreshDay();
        await SetTierAsync(1);
        var tag = NewTag();
        await _app.SeedAsync(tag, new Person(LastInboundUtc: _app.Now()), new Person(LastInboundUtc: _app.Now(), NotifiedToday: true));
        await UseQuotaTodayAsync(1_000);

        var plan = await Planner.PlanAsync(Text((await _app.ChannelAsync()).Id, "Hello", Tagged(tag)), await _app.ChannelAsync(), Ct);

        Assert.Equal(0, plan.Quota.Remaining);
        Assert.Equal((1, 1, 1), (plan.GoToday, plan.AlreadyNotifiedToday, plan.WaitForQuota));
    }

    [Fact]
    public async Task Plan_Quota_GovernedByTheLowerOfAdminAndDerivedTier()
    {
        var channel = await _app.ChannelAsync();
        var yesterday = QuotaReader.LocalDay(Shanghai, _app.Clock.GetUtcNow()).AddDays(-1);
        var longAgo = yesterday.AddDays(-10);
        await using (var db = await _app.DbAsync())
        {
            // 2,000 distinct users within the 7-day window earn tier 2; 30,000 outside it count for nothing.
            db.QuotaUses.AddRange(Enumerable.Range(0, 2_000).Select(i => new QuotaUse
                { ChannelId = channel.Id, Day = yesterday, RecipientId = 2_000_000 + i, AtUtc = _app.Now() }));
            db.QuotaUses.AddRange(Enumerable.Range(0, 30_000).Select(i => new QuotaUse
                { ChannelId = channel.Id, Day = longAgo, RecipientId = 3_000_000 + i, AtUtc = _app.Now() }));
            await db.SaveChangesAsync(Ct);
        }

        try
        {
            await SetTierAsync(3);
            var tag = NewTag();
            await _app.SeedAsync(tag, new Person(LastInboundUtc: _app.Now()));
            var plan = await Planner.PlanAsync(Text(channel.Id, "Hello", Tagged(tag)), await _app.ChannelAsync(), Ct);

            Assert.True(plan.Quota.DistinctInWindow >= 2_000 && plan.Quota.DistinctInWindow < 20_000, $"{plan.Quota.DistinctInWindow}");
            Assert.Equal((3, 2, 2, 10_000), (plan.Quota.AdminTier, plan.Quota.DerivedTier, plan.Quota.GoverningTier, plan.Quota.Limit));

            await SetTierAsync(1);
            plan = await Planner.PlanAsync(Text(channel.Id, "Hello", Tagged(tag)), await _app.ChannelAsync(), Ct);
            Assert.Equal((1, 2, 1, 1_000), (plan.Quota.AdminTier, plan.Quota.DerivedTier, plan.Quota.GoverningTier, plan.Quota.Limit));
        }
        finally
        {
            await SetTierAsync(1);
        }
    }
}
