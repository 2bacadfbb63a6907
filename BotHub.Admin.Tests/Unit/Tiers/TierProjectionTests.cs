using BotHub.Admin.Features.Tiers;

namespace BotHub.Admin.Tests.Unit.Tiers;

/// <summary>The derived tier and the upgrade outlook: plain functions of the window's count and its active days.</summary>
public sealed class TierProjectionTests
{
    private static readonly DateOnly Today = new(2025, 3, 10);
    private readonly TierOptions _spec = new();

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1_999, 1)]
    [InlineData(2_000, 2)]
    [InlineData(19_999, 2)]
    [InlineData(20_000, 3)]
    public void DerivedTier_FromTheWindowsDistinctUsers(int windowUsers, int tier)
    {
        Assert.Equal(tier, _spec.DerivedTier(windowUsers));
    }

    [Theory]
    [InlineData(3, 1, 1)]
    [InlineData(1, 3, 1)]
    [InlineData(2, 3, 2)]
    public void Governing_IsTheLowerOfSetAndDerived(int admin, int derived, int governing)
    {
        Assert.Equal(governing, TierOptions.Governing(admin, derived));
    }

    [Fact]
    public void Tier1_ThreeActiveDaysAt500ADay_ReachesTier2OnTheFourthDay_TomorrowFromToday()
    {
        // 1,500 in 3 days: 500 a day; 2,000 needs 4 days of use, so one more day.
        var o = TierProjection.Project(_spec, derivedTier: 1, windowUsers: 1_500, activeDays: 3, Today);

        Assert.Equal(UpgradeState.OnPace, o.State);
        Assert.Equal(2, o.NextTier);
        Assert.Equal(2_000, o.Threshold);
        Assert.Equal(500, o.DailyPace);
        Assert.Equal(Today.AddDays(1), o.ProjectedDay);
    }

    [Fact]
    public void Tier1_OneActiveDayAt300_ProjectsTheSeventhDayOfUse()
    {
        // 2,000 / 300 = 6.67: the window needs 7 days of use, six more after today.
        var o = TierProjection.Project(_spec, 1, 300, 1, Today);

        Assert.Equal(UpgradeState.OnPace, o.State);
        Assert.Equal(Today.AddDays(6), o.ProjectedDay);
    }

    [Fact]
    public void Tier2_FullWindowBelowThreshold_NeverAtThisPace_Says2858ADayFor7Days()
    {
        var o = TierProjection.Project(_spec, 2, 14_000, 7, Today);

        Assert.Equal(UpgradeState.BelowPace, o.State);
        Assert.Equal(3, o.NextTier);
        Assert.Equal(20_000, o.Threshold);
        Assert.Equal(2_000, o.DailyPace);
        Assert.Null(o.ProjectedDay);
        Assert.Equal(2_858, o.DailyNeeded); // 20,000 / 7, rounded up
        Assert.Equal(0.7, o.Share, 3);
    }

    [Fact]
    public void NoOneNotified_NoHistory_WithTheVolumeNeeded()
    {
        var o = TierProjection.Project(_spec, 1, 0, 0, Today);

        Assert.Equal(UpgradeState.NoHistory, o.State);
        Assert.Equal(286, o.DailyNeeded); // 2,000 / 7, rounded up
    }

    [Fact]
    public void Tier3_IsTheTop_NothingToProject()
    {
        var o = TierProjection.Project(_spec, 3, 25_000, 7, Today);

        Assert.Equal(UpgradeState.TopTier, o.State);
        Assert.Null(o.NextTier);
    }

    [Fact]
    public void ThresholdInTheWindow_Reached()
    {
        Assert.Equal(UpgradeState.Reached, TierProjection.Project(_spec, 1, 2_000, 4, Today).State);
    }
}
