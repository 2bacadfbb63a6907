using BotHub.Admin.Features.Compose;

namespace BotHub.Admin.Tests.Unit.Compose;

public sealed class ComposeModelTests
{
    private static DateTimeOffset? Scheduled(DateTime local, string? zone) =>
        new ComposeModel { ScheduleLocal = local, ScheduleZone = zone }.ScheduledUtc();

    private static DateTimeOffset Utc(int y, int mo, int d, int h, int mi) => new(y, mo, d, h, mi, 0, TimeSpan.Zero);

    [Fact]
    public void ScheduledUtc_SendNow_IsNull()
    {
        Assert.Null(new ComposeModel { ScheduleZone = "Asia/Shanghai" }.ScheduledUtc());
    }

    [Fact]
    public void ScheduledUtc_InShanghai_IsEightHoursEarlierInUtc()
    {
        Assert.Equal(Utc(2025, 3, 10, 1, 0), Scheduled(new DateTime(2025, 3, 10, 9, 0, 0), "Asia/Shanghai"));
        Assert.Equal(Utc(2025, 3, 9, 16, 30), Scheduled(new DateTime(2025, 3, 10, 0, 30, 0), "Asia/Shanghai"));
    }

    [Fact]
    public void ScheduledUtc_LocalTimeIsReadInTheZone_WhateverItsKind()
    {
        var expected = Utc(2025, 3, 10, 1, 0);

        Assert.Equal(expected, Scheduled(new DateTime(2025, 3, 10, 9, 0, 0, DateTimeKind.Utc), "Asia/Shanghai"));
        Assert.Equal(expected, Scheduled(new DateTime(2025, 3, 10, 9, 0, 0, DateTimeKind.Local), "Asia/Shanghai"));
    }

    [Fact]
    public void ScheduledUtc_SummerAndWinterTime_UseTheOffsetOfThatDate()
    {
        Assert.Equal(Utc(2025, 1, 15, 11, 0), Scheduled(new DateTime(2025, 1, 15, 12, 0, 0), "Europe/Berlin"));
        Assert.Equal(Utc(2025, 7, 15, 10, 0), Scheduled(new DateTime(2025, 7, 15, 12, 0, 0), "Europe/Berlin"));
        Assert.Equal(Utc(2025, 7, 15, 16, 0), Scheduled(new DateTime(2025, 7, 15, 12, 0, 0), "America/New_York"));
    }

    [Theory]
    [InlineData("Europe/Berlin", 2025, 3, 30, 2, 30, 1, 0)] // 02:00 to 03:00 does not exist: 03:00 CEST
    [InlineData("Europe/Berlin", 2025, 3, 30, 2, 0, 1, 0)]
    [InlineData("America/New_York", 2025, 3, 9, 2, 15, 7, 0)] // 03:00 EDT
    public void ScheduledUtc_InADaylightSavingGap_MovesToTheFirstValidMinute(string zone, int y, int mo, int d, int h, int mi,
        int utcHour, int utcMinute)
    {
        Assert.Equal(Utc(y, mo, d, utcHour, utcMinute), Scheduled(new DateTime(y, mo, d, h, mi, 0), zone));
    }

    [Fact]
    public void ScheduledUtc_JustBeforeAndAfterTheGap_AreUnchanged()
    {
        Assert.Equal(Utc(2025, 3, 30, 0, 59), Scheduled(new DateTime(2025, 3, 30, 1, 59, 0), "Europe/Berlin"));
        Assert.Equal(Utc(2025, 3, 30, 1, 1), Scheduled(new DateTime(2025, 3, 30, 3, 1, 0), "Europe/Berlin"));
    }

    [Fact]
    public void ScheduledUtc_InARepeatedHour_IsOneOfItsInstants()
    {
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

        var at = Scheduled(new DateTime(2025, 10, 26, 2, 30, 0), "Europe/Berlin")!.Value;

        Assert.Contains(at, new[] { Utc(2025, 10, 26, 0, 30), Utc(2025, 10, 26, 1, 30) });
        Assert.Equal(new DateTime(2025, 10, 26, 2, 30, 0), TimeZoneInfo.ConvertTime(at, berlin).DateTime);
    }

    [Fact]
    public void ScheduledUtc_WithoutZone_IsUtc()
    {
        Assert.Equal(Utc(2025, 3, 10, 9, 0), Scheduled(new DateTime(2025, 3, 10, 9, 0, 0), null));
    }

    [Fact]
    public void FallbackFor_CreatesALeaveOutFallbackOnce()
    {
        var model = new ComposeModel();

        var first = model.FallbackFor("name");
        first.Text = "friend";

        Assert.True(first.Exclude);
        Assert.Same(first, model.FallbackFor("name"));
        Assert.Single(model.Fallbacks);
    }
}
