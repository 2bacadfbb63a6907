using BotHub.Admin.Features.Tiers;

namespace BotHub.Admin.Tests.Unit.Tiers;

public sealed class TierOptionsTests
{
    private readonly TierOptions _spec = new();

    [Theory]
    [InlineData(1, 1_000)]
    [InlineData(2, 10_000)]
    [InlineData(3, 100_000)]
    [InlineData(0, 1_000)]
    [InlineData(4, 100_000)]
    public void LimitOf_SpecDefaults(int tier, int limit)
    {
        Assert.Equal(limit, _spec.LimitOf(tier));
    }

    [Fact]
    public void LimitOf_UsesConfiguredLimits()
    {
        var options = new TierOptions { Tier1Limit = 5, Tier2Limit = 50, Tier3Limit = 500 };

        Assert.Equal((5, 50, 500), (options.LimitOf(1), options.LimitOf(2), options.LimitOf(3)));
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1_999, 1)]
    [InlineData(2_000, 2)]
    [InlineData(19_999, 2)]
    [InlineData(20_000, 3)]
    [InlineData(1_000_000, 3)]
    public void DerivedTier_AtTheThresholds(int distinctUsers, int tier)
    {
        Assert.Equal(tier, _spec.DerivedTier(distinctUsers));
    }

    [Fact]
    public void DerivedTier_UsesConfiguredThresholds()
    {
        var options = new TierOptions { Tier2UpgradeAt = 10, Tier3UpgradeAt = 20 };

        Assert.Equal((1, 2, 2, 3), (options.DerivedTier(9), options.DerivedTier(10), options.DerivedTier(19), options.DerivedTier(20)));
    }

    [Theory]
    [InlineData(1, 3, 1)]
    [InlineData(3, 1, 1)]
    [InlineData(2, 3, 2)]
    [InlineData(3, 2, 2)]
    [InlineData(3, 3, 3)]
    [InlineData(0, 3, 1)]
    [InlineData(9, 3, 3)]
    [InlineData(9, 2, 2)]
    public void Governing_IsTheLowerOfAdminAndDerived_AdminClampedTo1To3(int admin, int derived, int governing)
    {
        Assert.Equal(governing, TierOptions.Governing(admin, derived));
    }
}
