using BotHub.Admin.Features.Broadcasts;
using BotHub.Admin.Features.Compose;
using BotHub.Admin.Features.Recipients;
using BotHub.Admin.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static BotHub.Admin.Tests.Integration.Compose.ComposeSeed;
using BotHub.Admin.Features.Sending;

namespace BotHub.Admin.Tests.Integration.Compose;

/// <summary>
/// What Compose says is known about a broadcast before it goes, and what the broadcast keeps of it: for a scheduled one,
/// who would get it as things stand, who only if they write before it runs, and who is excluded now (opted out, ...).
/// </summary>
public sealed class ForecastTests : IClassFixture<ChannelTestApp>
{
    private readonly ChannelTestApp _app;

    public ForecastTests(ChannelTestApp app)
    {
        _app = app;
        _app.EnsureDaytime();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Two wrote today, three are silent today, one opted out, one never opted in.</summary>
    private async Task<ComposeModel> SevenAsync()
    {
        var tag = NewTag();
        var now = _app.Now();
        await _app.SeedAsync(tag,
            new Person(LastInboundUtc: now), new Person(LastInboundUtc: now.AddMinutes(-30)),
            new Person(LastInboundUtc: _app.Yesterday()), new Person(LastInboundUtc: _app.Yesterday()), new Person(),
            new Person(OptInStatus.OptedOut, now), new Person(OptInStatus.Unknown, now));
        return Text((await _app.ChannelAsync()).Id, "Hello", Tagged(tag));
    }

    private void ScheduleIn(ComposeModel model, TimeSpan after)
    {
        var at = _app.Clock.GetUtcNow().Add(after);
        model.ScheduleZone = "Asia/Shanghai";
        model.ScheduleLocal = TimeZoneInfo.ConvertTime(at, Shanghai).DateTime;
    }

    private async Task<AudiencePlan> PlanAsync(ComposeModel model) =>
        await _app.Services.GetRequiredService<AudiencePlanner>().PlanAsync(model, await _app.ChannelAsync(), Ct);

    [Fact]
    public async Task ScheduledLaterToday_SaysWhoWouldGetIt_WhoOnlyIfTheyWrite_AndWhoIsExcludedNow_AndTheBroadcastKeepsIt()
    {
        var model = await SevenAsync();
        ScheduleIn(model, TimeSpan.FromMinutes(30));

        var plan = await PlanAsync(model);

        // All seven are queued (eligibility is judged when it runs), but what is known now is said.
        Assert.Equal((7, 0), (plan.Eligible, plan.ExcludedTotal));
        var f = plan.Forecast!;
        Assert.Equal((2, 3), (f.WillSend, f.OnlyIfTheyWrite));
        Assert.Equal(new Dictionary<ExclusionReason, int> { [ExclusionReason.OptedOut] = 1, [ExclusionReason.NotOptedIn] = 1 }, f.Excluded);
        Assert.True(f.JudgedLater);
        Assert.True(f.SameDay);

        var created = await _app.Services.GetRequiredService<BroadcastCreator>().CreateAsync(model, Staff, Ct);

        Assert.Equal(7, created.Queued);
        await using var db = await _app.DbAsync();
        var stored = BroadcastForecast.FromJson(await db.Broadcasts.Where(b => b.Id == created.BroadcastId).Select(b => b.ForecastJson).SingleAsync(Ct));
        Assert.NotNull(stored);
        Assert.Equal((f.WillSend, f.OnlyIfTheyWrite, f.JudgedLater), (stored.WillSend, stored.OnlyIfTheyWrite, stored.JudgedLater));
        Assert.Equal(f.Excluded, stored.Excluded);
    }

    [Fact]
    public async Task ScheduledForTomorrow_NobodyHasWrittenOnThatDayYet_SoAllOptedInAreOnlyIfTheyWrite()
    {
        var model = await SevenAsync();
        ScheduleIn(model, TimeSpan.FromDays(1));

        var f = (await PlanAsync(model)).Forecast!;

        Assert.Equal((0, 5, 2), (f.WillSend, f.OnlyIfTheyWrite, f.ExcludedTotal));
        Assert.False(f.SameDay);
    }

    [Fact]
    public async Task SentNow_TheForecastIsTheCreationsFigures_SilentOnesExcluded()
    {
        var model = await SevenAsync();

        var plan = await PlanAsync(model);

        var f = plan.Forecast!;
        Assert.Equal((plan.Eligible, 0, plan.ExcludedTotal), (f.WillSend, f.OnlyIfTheyWrite, f.ExcludedTotal));
        Assert.Equal(3, f.Excluded[ExclusionReason.NoMessageToday]);
        Assert.False(f.JudgedLater);
    }

    [Fact]
    public async Task KeptForDays_SilentOnesAreOnlyIfTheyWrite_AsTheirMessagesWait()
    {
        var model = await SevenAsync();
        model.KeepDays = 2;

        var plan = await PlanAsync(model);

        Assert.Equal((2, 3, 2), (plan.Forecast!.WillSend, plan.Forecast.OnlyIfTheyWrite, plan.Forecast.ExcludedTotal));
        Assert.Equal(plan.Waiting, plan.Forecast.OnlyIfTheyWrite);
    }
}
