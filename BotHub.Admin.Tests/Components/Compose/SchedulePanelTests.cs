using BotHub.Admin.Features.Compose;
using Bunit;

namespace BotHub.Admin.Tests.Components.Compose;

/// <summary>The schedule picker: the person's zone first, and the chosen time also in the channel's zone, whose day decides eligibility.</summary>
public sealed class SchedulePanelTests : BunitTestBase
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 8, 0, 0, TimeSpan.Zero);
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    private IRenderedComponent<SchedulePanel> RenderPanel(ComposeModel model, TimeZoneInfo? channelZone) => Render<SchedulePanel>(p => p
        .Add(x => x.Model, model)
        .Add(x => x.Zones, [Clock.ZoneName, Shanghai.Id, "UTC"])
        .Add(x => x.ChannelZone, channelZone)
        .Add(x => x.Now, Now));

    [Fact]
    public void PersonInBerlin_OnAShanghaiChannel_SeesTheTimeInBothZones()
    {
        UseZone("Europe/Berlin");
        var model = new ComposeModel { ScheduleLocal = new DateTime(2026, 12, 4, 9, 0, 0), ScheduleZone = "Europe/Berlin" };

        var cut = RenderPanel(model, Shanghai);

        // 09:00 in Berlin is 08:00 UTC, 16:00 in Shanghai.
        Assert.Equal("Sends 2026-12-04 16:00 channel time (Asia/Shanghai), 09:00 your time (Europe/Berlin).",
            cut.Find("[data-testid=schedule-when]").TextContent.Trim());
    }

    [Fact]
    public void PersonInTheChannelsZone_SeesItOnce()
    {
        UseZone("Asia/Shanghai");
        var model = new ComposeModel { ScheduleLocal = new DateTime(2026, 12, 4, 9, 0, 0), ScheduleZone = "Asia/Shanghai" };

        var cut = RenderPanel(model, Shanghai);

        Assert.Equal("Sends 2026-12-04 09:00 (Asia/Shanghai).", cut.Find("[data-testid=schedule-when]").TextContent.Trim());
    }

    [Fact]
    public void ChoosingLater_StartsInThePersonsZone()
    {
        UseZone("Europe/Berlin");
        var model = new ComposeModel();
        var cut = RenderPanel(model, Shanghai);

        cut.FindAll("label.mud-radio").Single(l => l.TextContent.Trim() == "At a date and time").QuerySelector("input")!.Click();

        cut.WaitForAssertion(() => Assert.Equal("Europe/Berlin", model.ScheduleZone));
        Assert.Equal(new DateTime(2026, 12, 3, 10, 0, 0), model.ScheduleLocal); // an hour from 09:00 in Berlin, on the hour
    }
}
