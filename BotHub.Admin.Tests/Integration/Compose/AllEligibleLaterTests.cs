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
/// "All eligible" now means those who wrote today; for a scheduled broadcast or one kept for days it means everyone opted
/// in, since who has written is judged when each message goes.
/// </summary>
public sealed class AllEligibleLaterTests : IClassFixture<ChannelTestApp>
{
    private readonly ChannelTestApp _app;

    public AllEligibleLaterTests(ChannelTestApp app)
    {
        _app = app;
        _app.EnsureDaytime();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private BroadcastCreator Creator => _app.Services.GetRequiredService<BroadcastCreator>();

    private async Task<Dictionary<int, Delivery>> DeliveriesAsync(int broadcastId)
    {
        await using var db = await _app.DbAsync();
        return await db.Deliveries.AsNoTracking().Where(d => d.BroadcastId == broadcastId && d.RecipientId != null)
            .ToDictionaryAsync(d => d.RecipientId!.Value, Ct);
    }

    private async Task<(Recipient Writer, Recipient Silent, Recipient OptedOut)> SeedAsync()
    {
        var people = await _app.SeedAsync(NewTag(),
            new Person(LastInboundUtc: _app.Now(), Name: "Writer"),
            new Person(LastInboundUtc: _app.Yesterday(), Name: "Silent"),
            new Person(OptInStatus.OptedOut, _app.Now(), "Gone"));
        return (people[0], people[1], people[2]);
    }

    [Fact]
    public async Task AllEligible_SendNow_TakesOnlyThoseWhoWroteToday()
    {
        var (writer, silent, optedOut) = await SeedAsync();
        var model = Text((await _app.ChannelAsync()).Id, "Hello", new AudienceChoice { Mode = AudienceMode.AllEligible });

        var result = await Creator.CreateAsync(model, Staff, Ct);

        var deliveries = await DeliveriesAsync(result.BroadcastId!.Value);
        Assert.Equal(DeliveryState.Queued, deliveries[writer.Id].State);
        Assert.False(deliveries.ContainsKey(silent.Id));
        Assert.False(deliveries.ContainsKey(optedOut.Id));
    }

    [Fact]
    public async Task AllEligible_Scheduled_QueuesEveryoneOptedIn_ForJudgingAtRun()
    {
        var (writer, silent, optedOut) = await SeedAsync();
        var model = Text((await _app.ChannelAsync()).Id, "Hello", new AudienceChoice { Mode = AudienceMode.AllEligible });
        var tomorrow = TimeZoneInfo.ConvertTime(_app.Clock.GetUtcNow().AddDays(1), Shanghai).DateTime;
        model.ScheduleLocal = tomorrow.Date.AddHours(10);
        model.ScheduleZone = "Asia/Shanghai";

        var result = await Creator.CreateAsync(model, Staff, Ct);

        Assert.True(result.Created, result.Error?.ToString());
        var deliveries = await DeliveriesAsync(result.BroadcastId!.Value);
        Assert.Equal(DeliveryState.Queued, deliveries[writer.Id].State);
        Assert.Equal(DeliveryState.Queued, deliveries[silent.Id].State);
        Assert.False(deliveries.ContainsKey(optedOut.Id));
    }

    [Fact]
    public async Task AllEligible_KeptForDays_QueuesTheSilentToWaitForTheirMessage()
    {
        var (_, silent, optedOut) = await SeedAsync();
        var model = Text((await _app.ChannelAsync()).Id, "Hello", new AudienceChoice { Mode = AudienceMode.AllEligible });
        model.KeepDays = 3;

        var plan = await _app.Services.GetRequiredService<AudiencePlanner>().PlanAsync(model, await _app.ChannelAsync(), Ct);
        var result = await Creator.CreateAsync(model, Staff, Ct);

        Assert.True(plan.Waiting >= 1);
        var deliveries = await DeliveriesAsync(result.BroadcastId!.Value);
        Assert.Equal(DeliveryState.Queued, deliveries[silent.Id].State);
        Assert.NotNull(deliveries[silent.Id].MessageId);
        Assert.False(deliveries.ContainsKey(optedOut.Id));
    }

    [Fact]
    public async Task Create_ScheduleInUnknownZone_IsRefused_AndCreatesNothing()
    {
        var model = Text((await _app.ChannelAsync()).Id, "Hello", new AudienceChoice { Mode = AudienceMode.AllEligible });
        model.ScheduleLocal = DateTime.UtcNow.AddDays(1);
        model.ScheduleZone = "Mars/Olympus_Mons";

        var result = await Creator.CreateAsync(model, Staff, Ct);

        Assert.Equal(CreateError.UnknownZone, result.Error);
        Assert.Null(result.BroadcastId);
    }
}
