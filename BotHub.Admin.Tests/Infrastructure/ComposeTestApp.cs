using BotHub.Admin.Data;
using BotHub.Admin.Features.Channels;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BotHub.Admin.Tests.Infrastructure;

/// <summary>
/// <see cref="ChannelTestApp"/> on a clock that runs in real time, kept at least an hour away from the channel's
/// midnight in Asia/Shanghai. The composer's figures wait a moment on the app's clock before they count (a debounce):
/// on the frozen <see cref="ChannelTestApp.Clock"/> they would never appear, so a browser test needs time that moves.
/// </summary>
public class ComposeTestApp : ChannelTestApp
{
    public ShiftedClock Time { get; } = ShiftedClock.AwayFromMidnight(TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(Time));
    }

    public async Task<AppDbContext> DbAsync() =>
        await Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(Xunit.TestContext.Current.CancellationToken);

    /// <summary>The configured channel's row, made at start-up from configuration.</summary>
    public async Task<Channel> ChannelAsync()
    {
        await using var db = await DbAsync();
        return await db.Channels.AsNoTracking().SingleAsync(c => c.BotPhone == BotPhone, Xunit.TestContext.Current.CancellationToken);
    }
}

/// <summary>The system clock moved by a fixed offset: timers and delays run in real time.</summary>
public sealed class ShiftedClock(TimeSpan offset) : TimeProvider
{
    public TimeSpan Offset { get; } = offset;

    public override DateTimeOffset GetUtcNow() => TimeProvider.System.GetUtcNow() + Offset;

    /// <summary>Real time, unless the zone's midnight is less than an hour away (either side): then an hour or so off it.</summary>
    public static ShiftedClock AwayFromMidnight(TimeZoneInfo zone)
    {
        var hour = TimeZoneInfo.ConvertTime(TimeProvider.System.GetUtcNow(), zone).Hour;
        return new ShiftedClock(hour switch { 23 => TimeSpan.FromHours(-1.5), 0 => TimeSpan.FromHours(1.5), _ => TimeSpan.Zero });
    }
}
