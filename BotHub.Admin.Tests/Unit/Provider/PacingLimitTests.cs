using BotHub.Admin.Features.Channels;
using BotHub.Admin.Features.Provider;

namespace BotHub.Admin.Tests.Unit.Provider;

/// <summary>A channel's rate and burst: at most the provider's 20 in Live mode, unless the account's limit was raised.</summary>
public sealed class PacingLimitTests
{
    private const string ProviderLimit = "at most 20 in Live mode, the provider's limit per channel";

    private static BspOptions Options(BspMode mode, bool allowAbove, int? rate = null, int? burst = null) => new()
    {
        Mode = mode,
        BaseUrl = "https://provider.example/",
        AllowRateAboveProvider = allowAbove,
        Channels = [new ConfiguredChannel { BotPhone = "+8613800000001", Name = "North", RatePerSecond = rate, Burst = burst }],
    };

    private static List<string> Errors(BspOptions o) =>
        new BspOptionsValidator().Validate(null, o).Failures?.ToList() ?? [];

    [Fact]
    public void AllowRateAboveProvider_IsOffByDefault()
    {
        var o = new BspOptions();

        Assert.False(o.AllowRateAboveProvider);
        Assert.Equal(1000, PacingLimit.Max(o));
        Assert.Equal(20, PacingLimit.Max(new BspOptions { Mode = BspMode.Live }));
    }

    [Fact]
    public void Live_ConfiguredRate21_IsRefused_NamingTheKeyAndTheProvidersLimit()
    {
        var error = Assert.Single(Errors(Options(BspMode.Live, false, rate: 21)));

        Assert.StartsWith("Bsp:Channels:0:RatePerSecond is 21: ", error, StringComparison.Ordinal);
        Assert.Contains(ProviderLimit, error, StringComparison.Ordinal);
        Assert.Contains("Set Bsp:AllowRateAboveProvider only if your provider raised it.", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Live_ConfiguredBurst21_IsRefused_NamingTheKeyAndTheProvidersLimit()
    {
        var error = Assert.Single(Errors(Options(BspMode.Live, false, burst: 21)));

        Assert.StartsWith("Bsp:Channels:0:Burst is 21: ", error, StringComparison.Ordinal);
        Assert.Contains(ProviderLimit, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(BspMode.Live, false, 20)]
    [InlineData(BspMode.Live, true, 100)]
    [InlineData(BspMode.Live, true, 1000)]
    [InlineData(BspMode.Sandbox, false, 100)]
    [InlineData(BspMode.Sandbox, false, 1000)]
    public void ConfiguredRateAndBurst_WithinTheModesLimit_AreAccepted(BspMode mode, bool allowAbove, int value)
    {
        Assert.Empty(Errors(Options(mode, allowAbove, value, value)));
    }

    [Theory]
    [InlineData(BspMode.Sandbox, false, 1001)]
    [InlineData(BspMode.Live, true, 1001)]
    [InlineData(BspMode.Live, false, 0)]
    public void ConfiguredRateOutside1To1000_IsRefusedInEveryMode(BspMode mode, bool allowAbove, int value)
    {
        Assert.Equal(["Bsp:Channels:0:RatePerSecond must be between 1 and 1000."], Errors(Options(mode, allowAbove, rate: value)));
    }

    [Theory]
    [InlineData(21, null, 20, ChannelError.RateAboveProvider)]
    [InlineData(null, 21, 20, ChannelError.BurstAboveProvider)]
    [InlineData(20, 20, 20, null)]
    [InlineData(null, null, 20, null)]
    [InlineData(100, 100, 1000, null)]
    [InlineData(1001, null, 20, ChannelError.InvalidRate)]
    [InlineData(20, 0, 20, ChannelError.InvalidBurst)]
    public void FormCheck_BoundsRateAndBurstByTheGivenMaximum(int? rate, int? burst, int max, ChannelError? expected)
    {
        var form = new ChannelForm { Name = "North", TimeZone = "UTC", Tier = 1, RatePerSecond = rate, Burst = burst };

        Assert.Equal(expected, form.Check(max));
    }
}
