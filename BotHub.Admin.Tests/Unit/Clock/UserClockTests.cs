using System.Globalization;
using BotHub.Admin.Features.Clock;
using BotHub.Admin.Resources;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace BotHub.Admin.Tests.Unit.Clock;

/// <summary>The person's clock: times in their zone with the zone named, and a channel's day in both zones when they differ.</summary>
public sealed class UserClockTests
{
    // 15:59 UTC on 3 December 2026: 23:59 in Shanghai, 16:59 in Berlin, 10:59 in New York.
    private static readonly DateTimeOffset At = new(2026, 12, 3, 15, 59, 0, TimeSpan.Zero);
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    private static UserClock Clock(string? zone = null, string culture = "en")
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo(culture);
        var l = new ServiceCollection().AddLogging().AddLocalization().BuildServiceProvider().GetRequiredService<IStringLocalizer<Strings>>();
        var clock = new UserClock(l);
        if (zone is not null)
        {
            Assert.True(clock.Use(zone));
        }

        return clock;
    }

    [Fact]
    public void Unknown_IsUtc_AndSaysSo()
    {
        var clock = Clock();

        Assert.False(clock.Known);
        Assert.Equal("2026-12-03 15:59 (UTC)", clock.Named(At));
        Assert.Equal("Times in UTC", clock.Caption);
    }

    [Fact]
    public void Named_ConvertsToThePersonsZone_AndNamesIt()
    {
        var clock = Clock("Asia/Shanghai");

        Assert.True(clock.Known);
        Assert.Equal("2026-12-03 23:59 (Asia/Shanghai)", clock.Named(At));
        Assert.Equal("2026-12-03 23:59:00", clock.DateTime(At, seconds: true));
        Assert.Equal("23:59 (Asia/Shanghai)", clock.TimeNamed(At));
        Assert.Equal("Created (Asia/Shanghai)", clock.Column("Created"));
    }

    [Fact]
    public void StoredTimes_WithoutAKind_AreReadAsUtc()
    {
        var clock = Clock("America/New_York");

        Assert.Equal("2026-12-03 10:59 (America/New_York)", clock.Named(DateTime.SpecifyKind(At.UtcDateTime, DateTimeKind.Unspecified)));
        Assert.Equal("2026-12-03", clock.Date(new DateTime(2026, 12, 4, 4, 0, 0))); // 23:00 the evening before
    }

    [Fact]
    public void Use_RefusesAZoneItDoesNotKnow_AndKeepsTheOldOne()
    {
        var clock = Clock("Europe/Berlin");

        Assert.False(clock.Use("Mars/Olympus_Mons"));
        Assert.False(clock.Use(""));
        Assert.False(clock.Use(null));
        Assert.Equal("Europe/Berlin", clock.ZoneName);
    }

    [Fact]
    public void ChannelTime_SameZone_SaysItOnce()
    {
        Assert.Equal("2026-12-03 23:59 (Asia/Shanghai)", Clock("Asia/Shanghai").ChannelTime(At, Shanghai));
        Assert.Equal("23:59 (Asia/Shanghai)", Clock("Asia/Shanghai").ChannelTime(At, Shanghai, withDate: false));
    }

    [Fact]
    public void ChannelTime_OtherZone_SaysTheChannelsTimeThenTheirs()
    {
        Assert.Equal("23:59 channel time (Asia/Shanghai), 16:59 your time (Europe/Berlin)",
            Clock("Europe/Berlin").ChannelTime(At, Shanghai, withDate: false));
        Assert.Equal("2026-12-03 23:59 channel time (Asia/Shanghai), 16:59 your time (Europe/Berlin)",
            Clock("Europe/Berlin").ChannelTime(At, Shanghai));
    }

    [Fact]
    public void ChannelTime_OnAnotherDayForThePerson_GivesTheirDateToo()
    {
        // The channel's midnight (16:00 UTC) is the 3rd's 11:00 in New York but already the 4th in Shanghai.
        var midnight = new DateTimeOffset(2026, 12, 3, 16, 0, 0, TimeSpan.Zero);

        Assert.Equal("2026-12-04 00:00 channel time (Asia/Shanghai), 2026-12-03 11:00 your time (America/New_York)",
            Clock("America/New_York").ChannelTime(midnight, Shanghai));
    }

    [Fact]
    public void ChannelTime_UtcAliases_CountAsOneZone()
    {
        Assert.Equal("2026-12-03 15:59 (Etc/UTC)", Clock("Etc/UTC").ChannelTime(At, TimeZoneInfo.Utc));
    }

    [Fact]
    public void Chinese_SaysTheChannelsTimeAndTheirsInChinese()
    {
        Assert.Equal("渠道时间 23:59（Asia/Shanghai），你的时间 16:59（Europe/Berlin）",
            Clock("Europe/Berlin", "zh-CN").ChannelTime(At, Shanghai, withDate: false));
        Assert.Equal("时间按 Europe/Berlin 时区显示", Clock("Europe/Berlin", "zh-CN").Caption);
    }

    [Fact]
    public void DayStartUtc_IsThePersonsMidnight()
    {
        Assert.Equal(new DateTime(2026, 12, 2, 16, 0, 0, DateTimeKind.Utc), Clock("Asia/Shanghai").DayStartUtc(new DateOnly(2026, 12, 3)));
        Assert.Equal(new DateTime(2026, 12, 3, 5, 0, 0, DateTimeKind.Utc), Clock("America/New_York").DayStartUtc(new DateOnly(2026, 12, 3)));
    }
}
