using BotHub.Admin.Features.Broadcasts;
using BotHub.Admin.Features.Compose;
using BotHub.Admin.Features.Recipients;
using BotHub.Admin.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static BotHub.Admin.Tests.Integration.Compose.ComposeSeed;
using BotHub.Admin.Features.Sending;

namespace BotHub.Admin.Tests.Integration.Compose;

public sealed class AudiencePlannerTests : IClassFixture<ChannelTestApp>
{
    private readonly ChannelTestApp _app;

    public AudiencePlannerTests(ChannelTestApp app)
    {
        _app = app;
        _app.EnsureDaytime();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private AudiencePlanner Planner => _app.Services.GetRequiredService<AudiencePlanner>();

    private async Task<AudiencePlan> PlanAsync(ComposeModel model) => await Planner.PlanAsync(model, await _app.ChannelAsync(), Ct);

    private async Task<ComposeModel> TextAsync(string body, AudienceChoice audience) => Text((await _app.ChannelAsync()).Id, body, audience);

    [Fact]
    public async Task Plan_PastedMix_CountsSelectedEligibleAndEveryExclusionReason()
    {
        var now = _app.Now();
        var people = await _app.SeedAsync(NewTag(),
            new Person(LastInboundUtc: now),
            new Person(LastInboundUtc: now.AddMinutes(-5)),
            new Person(OptInStatus.OptedOut, now),
            new Person(OptInStatus.Unknown, now),
            new Person(LastInboundUtc: _app.Yesterday()),
            new Person(LastInboundUtc: now, Name: ""));
        var pasted = string.Join('\n', people.Select(p => p.Phone)) + $"\n{NewPhone()}\n{NewPhone()}\nnot a number\n{people[0].Phone}";

        var plan = await PlanAsync(await TextAsync("Hi {{name}}", new AudienceChoice { Mode = AudienceMode.Pasted, Pasted = pasted }));

        Assert.Equal(6 + 2 + 1, plan.Selected);
        Assert.Equal(2, plan.Eligible);
        Assert.Equal(0, plan.Waiting);
        Assert.Equal(new Dictionary<ExclusionReason, int>
        {
            [ExclusionReason.OptedOut] = 1,
            [ExclusionReason.NotOptedIn] = 1,
            [ExclusionReason.NoMessageToday] = 1,
            [ExclusionReason.MissingVariable] = 1,
            [ExclusionReason.NotARecipient] = 2,
            [ExclusionReason.InvalidNumber] = 1,
        }, plan.Excluded);
        Assert.Equal(7, plan.ExcludedTotal);
        Assert.False(plan.JudgedAtRun);
    }

    [Fact]
    public async Task Plan_AgreesWithTheBroadcastCreated()
    {
        var tag = NewTag();
        var now = _app.Now();
        await _app.SeedAsync(tag,
            new Person(LastInboundUtc: now),
            new Person(LastInboundUtc: now, Name: null),
            new Person(OptInStatus.OptedOut, now),
            new Person(LastInboundUtc: _app.Yesterday()),
            new Person(LastInboundUtc: _app.Yesterday(), Name: null));
        var model = await TextAsync("Hi {{name}}", Tagged(tag));
        model.KeepDays = 2;

        var plan = await PlanAsync(model);
        var created = await _app.Services.GetRequiredService<BroadcastCreator>().CreateAsync(model, Staff, Ct);

        Assert.Equal((1, 1, 3), (plan.Eligible, plan.Waiting, plan.ExcludedTotal));
        Assert.Equal(plan.Eligible + plan.Waiting, created.Queued);
        Assert.Equal(plan.ExcludedTotal, created.Excluded);
    }

    [Fact]
    public async Task Plan_NewAndCheckedUsers_GiveRequestsAndDurationAtTheChannelRate()
    {
        var tag = NewTag();
        var now = _app.Now();
        var people = Enumerable.Range(0, 30).Select(_ => new Person(LastInboundUtc: now))
            .Concat(Enumerable.Range(0, 10).Select(_ => new Person(LastInboundUtc: now, CheckedUtc: now.AddDays(-6))))
            .Append(new Person(LastInboundUtc: now, CheckedUtc: now.AddDays(-8))) // the check has expired: a new user again
            .Append(new Person(OptInStatus.OptedOut, now, CheckedUtc: now)) // excluded: costs nothing
            .ToArray();
        await _app.SeedAsync(tag, people);
        var channel = await _app.ChannelAsync();

        var plan = await PlanAsync(await TextAsync("Hello", Tagged(tag)));

        Assert.Equal(41, plan.Eligible);
        Assert.Equal((31, 10), (plan.NewUsers, plan.CheckedUsers));
        Assert.Equal(2 * 31 + 10, plan.Requests);
        Assert.Equal((20, 20), (channel.RatePerSecond, channel.Burst));
        Assert.Equal(plan.RatePerSecond, channel.RatePerSecond);
        Assert.Equal(TimeSpan.FromSeconds((2 * 31 + 10 - channel.Burst) / (double)channel.RatePerSecond), plan.Duration);
        Assert.Equal(_app.Clock.GetUtcNow(), plan.Start);
        Assert.Equal(plan.Start + plan.Duration, plan.EndsAt);
        Assert.Equal(Eligibility.NextDayStartUtc(Shanghai, _app.Clock.GetUtcNow()), plan.Midnight);
        Assert.True(plan.FinishesBeforeMidnight);
        Assert.Equal(0, plan.LikelyLost);
        Assert.Equal(41, plan.GoToday);
        Assert.Equal(0, plan.WaitForQuota);
    }

    [Fact]
    public async Task Plan_RequestsWithinTheBurst_TakeNoTime()
    {
        var tag = NewTag();
        await _app.SeedAsync(tag, Enumerable.Range(0, 10).Select(_ => new Person(LastInboundUtc: _app.Now())).ToArray());

        var plan = await PlanAsync(await TextAsync("Hello", Tagged(tag)));

        Assert.Equal(20, plan.Requests);
        Assert.Equal(TimeSpan.Zero, plan.Duration);
    }

    [Fact]
    public async Task Plan_Variables_CountTheRecipientsWithoutAValue()
    {
        var tag = NewTag();
        var now = _app.Now();
        await _app.SeedAsync(tag,
            new Person(LastInboundUtc: now, Name: null, Attributes: new() { ["city"] = "Beijing" }),
            new Person(LastInboundUtc: now, Name: "Bo"),
            new Person(LastInboundUtc: now, Name: "Cy", Attributes: new() { ["city"] = " " }),
            new Person(LastInboundUtc: now, Name: "Di", Attributes: new() { ["city"] = "Wuhan" }),
            new Person(OptInStatus.OptedOut, now, Name: null)); // counted for the variable, excluded as opted out
        var model = await TextAsync("Hi {{name}} of {{attr:city}} ({{phone}})", Tagged(tag));
        model.FallbackFor("attr:city").Exclude = false;
        model.FallbackFor("attr:city").Text = "China";

        var plan = await PlanAsync(model);

        Assert.Equal([("name", 2), ("attr:city", 3), ("phone", 0)], plan.Variables.Select(v => (v.Variable.Key, v.Missing)));
        Assert.Equal(3, plan.Eligible);
        Assert.Equal(1, plan.Excluded[ExclusionReason.MissingVariable]);
        Assert.Equal(1, plan.Excluded[ExclusionReason.OptedOut]);
    }

    [Fact]
    public async Task Plan_KeepDays_CountsSilentOptedInUsersAsWaiting_NotAsGoingToday()
    {
        var tag = NewTag();
        await _app.SeedAsync(tag, new Person(LastInboundUtc: _app.Now()), new Person(LastInboundUtc: _app.Yesterday()), new Person());
        var model = await TextAsync("Hello", Tagged(tag));
        model.KeepDays = 1;

        var plan = await PlanAsync(model);

        Assert.Equal((1, 2, 0), (plan.Eligible, plan.Waiting, plan.ExcludedTotal));
        Assert.Equal(1, plan.GoToday);
    }

    [Fact]
    public async Task Plan_Scheduled_StartsAtTheSchedule_AndLeavesEligibilityToTheRun()
    {
        var tag = NewTag();
        await _app.SeedAsync(tag, new Person(OptInStatus.OptedOut, _app.Now()), new Person(LastInboundUtc: _app.Yesterday()),
            new Person(OptInStatus.Unknown));
        var model = await TextAsync("Hello", Tagged(tag));
        var at = _app.Clock.GetUtcNow().AddDays(1);
        model.ScheduleZone = "Asia/Shanghai";
        model.ScheduleLocal = TimeZoneInfo.ConvertTime(at, Shanghai).DateTime;

        var plan = await PlanAsync(model);

        Assert.True(plan.JudgedAtRun);
        Assert.Equal(at.UtcDateTime, plan.Start.UtcDateTime, TimeSpan.FromMinutes(1));
        Assert.Equal(3, plan.Eligible);
        Assert.Equal(0, plan.ExcludedTotal);
        Assert.Equal(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, Shanghai).DateTime), plan.Quota.Day);
        Assert.Equal(Eligibility.NextDayStartUtc(Shanghai, plan.Start), plan.Midnight);
    }

    [Fact]
    public async Task Plan_SavedSelection_PlansTheSavedRecipientsOnly()
    {
        var tag = NewTag();
        var now = _app.Now();
        var people = await _app.SeedAsync(tag,
            new Person(LastInboundUtc: now),
            new Person(LastInboundUtc: now),
            new Person(OptInStatus.OptedOut, now),
            new Person(LastInboundUtc: now));
        var selections = _app.Services.GetRequiredService<SavedSelections>();
        var saved = await selections.SaveAsync($"  Selection {tag} ", RecipientScope.Selection([people[0].Id, people[2].Id, people[3].Id]),
            Staff, Ct);
        // Recipients added to the tag later are not in the saved list.
        await _app.SeedAsync(tag, new Person(LastInboundUtc: now));

        var plan = await PlanAsync(await TextAsync("Hello", new AudienceChoice { Mode = AudienceMode.Saved, SelectionId = saved.Id }));

        Assert.Equal(($"Selection {tag}", 3), (saved.Name, saved.Count));
        Assert.Contains(await selections.ListAsync(Ct), s => s.Id == saved.Id && s.Count == 3);
        Assert.Equal(3, plan.Selected);
        Assert.Equal(2, plan.Eligible);
        Assert.Equal(1, plan.Excluded[ExclusionReason.OptedOut]);
    }

    [Fact]
    public async Task Plan_SavedSelectionSavedAgainUnderItsName_ReplacesTheList()
    {
        var tag = NewTag();
        var people = await _app.SeedAsync(tag, new Person(LastInboundUtc: _app.Now()), new Person(LastInboundUtc: _app.Now()));
        var selections = _app.Services.GetRequiredService<SavedSelections>();
        var first = await selections.SaveAsync(tag, RecipientScope.Selection([people[0].Id]), Staff, Ct);

        var second = await selections.SaveAsync(tag, RecipientScope.Matching(new RecipientFilter(Tag: tag)), Staff, Ct);

        Assert.Equal(2, second.Count);
        Assert.DoesNotContain(await selections.ListAsync(Ct), s => s.Id == first.Id);
        var oldPlan = await PlanAsync(await TextAsync("Hello", new AudienceChoice { Mode = AudienceMode.Saved, SelectionId = first.Id }));
        var newPlan = await PlanAsync(await TextAsync("Hello", new AudienceChoice { Mode = AudienceMode.Saved, SelectionId = second.Id }));
        Assert.Equal(0, oldPlan.Selected);
        Assert.Equal(2, newPlan.Eligible);
        await using var db = await _app.DbAsync();
        Assert.Equal(0, await db.SavedSelectionMembers.CountAsync(m => m.SelectionId == first.Id, Ct));
    }

    [Fact]
    public async Task Plan_Filter_UsesTheRecipientsPageFilters()
    {
        var tag = NewTag();
        await _app.SeedAsync(tag, new Person(LastInboundUtc: _app.Now()), new Person(OptInStatus.OptedOut, _app.Now()));

        var plan = await PlanAsync(await TextAsync("Hello",
            new AudienceChoice { Mode = AudienceMode.Filter, Tag = tag, OptIn = OptInStatus.OptedIn }));

        Assert.Equal((1, 1, 0), (plan.Selected, plan.Eligible, plan.ExcludedTotal));
    }
}
