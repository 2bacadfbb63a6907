using BotHub.Admin.Features.Recipients;

namespace BotHub.Admin.Tests.Unit.Recipients;

/// <summary>Eligibility ends at the channel's midnight, wherever the channel's day is.</summary>
public sealed class EligibilityTests
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    private const string Phone = "+8613800138000";

    private static DateTimeOffset Utc(int y, int mo, int d, int h, int mi) => new(y, mo, d, h, mi, 0, TimeSpan.Zero);

    [Fact]
    public void Shanghai_MessageAt2330Local_IsEligibleUntilMidnight_AndNotAfter()
    {
        // 23:30 in Shanghai on 25 Nov is 15:30 UTC.
        var wrote = Utc(2026, 11, 25, 15, 30).UtcDateTime;

        var at2359 = Eligibility.Evaluate(Phone, OptInStatus.OptedIn, wrote, Shanghai, Utc(2026, 11, 25, 15, 59));
        var at0001 = Eligibility.Evaluate(Phone, OptInStatus.OptedIn, wrote, Shanghai, Utc(2026, 11, 25, 16, 1));

        Assert.True(at2359.Eligible);
        Assert.Equal(Utc(2026, 11, 25, 16, 0), at2359.Until);
        Assert.Equal((false, IneligibleReason.NoMessageToday), (at0001.Eligible, at0001.Reason));
    }

    [Fact]
    public void TheSameInstant_IsTodayInOneZone_AndYesterdayInTheOther()
    {
        // 03:00 UTC on 26 Nov: 11:00 on the 26th in Shanghai, 22:00 on the 25th in New York.
        var now = Utc(2026, 11, 26, 3, 0);
        var wrote = Utc(2026, 11, 25, 14, 0).UtcDateTime; // 22:00 on the 25th in Shanghai, 09:00 on the 25th in New York

        Assert.False(Eligibility.Evaluate(Phone, OptInStatus.OptedIn, wrote, Shanghai, now).Eligible);
        var ny = Eligibility.Evaluate(Phone, OptInStatus.OptedIn, wrote, NewYork, now);
        Assert.True(ny.Eligible);
        Assert.Equal(Utc(2026, 11, 26, 5, 0), ny.Until); // New York midnight (EST, UTC-5)
    }

    [Fact]
    public void NewYork_DayStart_FollowsDaylightSaving()
    {
        // Summer: midnight is 04:00 UTC; winter: 05:00 UTC.
        Assert.Equal(Utc(2026, 7, 1, 4, 0), Eligibility.DayStartUtc(NewYork, Utc(2026, 7, 1, 12, 0)));
        Assert.Equal(Utc(2026, 12, 1, 5, 0), Eligibility.DayStartUtc(NewYork, Utc(2026, 12, 1, 12, 0)));
        // The day the clocks go back (1 Nov 2026) is 25 hours long: it ends at 05:00 UTC on 2 Nov.
        Assert.Equal(Utc(2026, 11, 2, 5, 0), Eligibility.NextDayStartUtc(NewYork, Utc(2026, 11, 1, 12, 0)));
    }

    [Theory]
    [InlineData(OptInStatus.OptedOut, IneligibleReason.OptedOut)]
    [InlineData(OptInStatus.Unknown, IneligibleReason.NotOptedIn)]
    public void OptInState_ComesBeforeTheMessageRule(OptInStatus status, IneligibleReason reason)
    {
        var now = Utc(2026, 11, 25, 8, 0);
        var result = Eligibility.Evaluate(Phone, status, now.UtcDateTime.AddMinutes(-5), Shanghai, now);
        Assert.Equal((false, reason), (result.Eligible, result.Reason));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("13800138000")]
    [InlineData("+86 138")]
    public void InvalidNumber_IsNeverEligible(string? phone)
    {
        var now = Utc(2026, 11, 25, 8, 0);
        Assert.Equal(IneligibleReason.InvalidNumber, Eligibility.Evaluate(phone, OptInStatus.OptedIn, now.UtcDateTime, Shanghai, now).Reason);
    }

    [Fact]
    public void NoMessageEver_IsNoMessageToday()
    {
        var result = Eligibility.Evaluate(Phone, OptInStatus.OptedIn, null, Shanghai, Utc(2026, 11, 25, 8, 0));
        Assert.Equal(IneligibleReason.NoMessageToday, result.Reason);
    }
}
