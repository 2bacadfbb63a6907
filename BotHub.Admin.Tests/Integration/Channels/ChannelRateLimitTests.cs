using BotHub.Admin.Features.Audit;
using BotHub.Admin.Features.Channels;
using BotHub.Admin.Features.Provider;
using BotHub.Admin.Tests.Unit.Recipients;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BotHub.Admin.Tests.Integration.Channels;

/// <summary>
/// The channel editor (what the form calls, and what a crafted call would reach) on a migrated Sqlite file: in Live mode
/// rate and burst are at most the provider's 20 unless Bsp:AllowRateAboveProvider; the sandbox keeps 1 to 1000.
/// </summary>
public sealed class ChannelRateLimitTests
{
    private static readonly AuditActor Admin = new("admin-1", "admin@test.local", "127.0.0.1");

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    private static Task<RecipientServices> ServicesAsync(BspMode mode, bool allowAbove = false) =>
        RecipientServices.CreateAsync(Ct, s =>
        {
            s.AddSingleton(Options.Create(new BspOptions { Mode = mode, BaseUrl = "https://provider.example/", AllowRateAboveProvider = allowAbove }));
            s.AddSingleton<ChannelAdmin>();
            s.AddSingleton<ChannelEditor>();
        });

    private static ChannelForm Form(int? rate, int? burst) =>
        new() { BotPhone = "+8613800000001", Name = "North", TimeZone = "Asia/Shanghai", Tier = 1, RatePerSecond = rate, Burst = burst };

    private static async Task<(int Rate, int Burst)?> StoredAsync(RecipientServices s)
    {
        await using var db = await s.DbAsync(Ct);
        var c = await db.Channels.AsNoTracking().SingleOrDefaultAsync(Ct);
        return c is null ? null : (c.RatePerSecond, c.Burst);
    }

    [Theory]
    [InlineData(21, 20, ChannelError.RateAboveProvider)]
    [InlineData(20, 21, ChannelError.BurstAboveProvider)]
    [InlineData(1000, null, ChannelError.RateAboveProvider)]
    public async Task Live_Create_AboveTheProvidersLimit_IsRefused_AndNothingIsSaved(int rate, int? burst, ChannelError expected)
    {
        await using var s = await ServicesAsync(BspMode.Live);

        var result = await s.Get<ChannelEditor>().CreateAsync(Form(rate, burst), Admin, Ct);

        Assert.Equal(expected, result.Error);
        Assert.Null(await StoredAsync(s));
    }

    [Fact]
    public async Task Live_Update_AboveTheProvidersLimit_IsRefused_AndTheChannelKeepsItsValues()
    {
        await using var s = await ServicesAsync(BspMode.Live);
        var editor = s.Get<ChannelEditor>();
        var id = (await editor.CreateAsync(Form(20, 20), Admin, Ct)).Id!.Value;

        Assert.Equal(ChannelError.RateAboveProvider, (await editor.UpdateAsync(id, Form(21, 20), Admin, Ct)).Error);
        Assert.Equal(ChannelError.BurstAboveProvider, (await editor.UpdateAsync(id, Form(20, 21), Admin, Ct)).Error);
        Assert.Equal((20, 20), await StoredAsync(s));
    }

    [Fact]
    public async Task Live_20And20_AreAccepted()
    {
        await using var s = await ServicesAsync(BspMode.Live);
        var editor = s.Get<ChannelEditor>();

        var created = await editor.CreateAsync(Form(20, 20), Admin, Ct);
        Assert.True(created.Ok, created.Error?.ToString());
        Assert.True((await editor.UpdateAsync(created.Id!.Value, Form(5, 20), Admin, Ct)).Ok);

        Assert.Equal((5, 20), await StoredAsync(s));
        Assert.Equal(20, editor.MaxRate);
    }

    [Theory]
    [InlineData(BspMode.Live, true)]
    [InlineData(BspMode.Sandbox, false)]
    public async Task AllowRateAboveProvider_OrSandbox_Accept100(BspMode mode, bool allowAbove)
    {
        await using var s = await ServicesAsync(mode, allowAbove);
        var editor = s.Get<ChannelEditor>();

        var created = await editor.CreateAsync(Form(100, 100), Admin, Ct);
        Assert.True(created.Ok, created.Error?.ToString());
        Assert.Equal(ChannelError.InvalidRate, (await editor.UpdateAsync(created.Id!.Value, Form(1001, 100), Admin, Ct)).Error);

        Assert.Equal((100, 100), await StoredAsync(s));
        Assert.Equal(1000, editor.MaxRate);
    }
}
