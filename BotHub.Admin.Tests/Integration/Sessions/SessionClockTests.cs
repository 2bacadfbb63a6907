using BotHub.Admin.Data;
using BotHub.Admin.Features.Sessions;
using BotHub.Admin.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace BotHub.Admin.Tests.Integration.Sessions;

/// <summary>The app on a wall clock the test moves.</summary>
public sealed class SessionClockApp : TestApp
{
    public ShiftedTimeProvider Clock { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(Clock));
    }
}

/// <summary>A session's idle and absolute ends (2 h and 12 h by default), on a driven clock.</summary>
public sealed class SessionClockTests(SessionClockApp app) : IClassFixture<SessionClockApp>
{
    private const string Password = "clock test passphrase";

    [Fact]
    public async Task AbsoluteLifetime_EndsASessionAfter12Hours_HoweverMuchItIsUsed()
    {
        await app.CreateUserAsync("absolute@test.local", Password);
        using var browser = new HttpBrowser(app.BaseUrl);
        await browser.SignInAsync("absolute@test.local", Password);

        // Used every 90 minutes up to 11 h 30 min (never idle for 2 h), the session still ends 12 h after sign-in.
        for (var step = 1; step <= 7; step++)
        {
            app.Clock.Advance(TimeSpan.FromMinutes(90));
            Assert.True(await browser.IsSignedInAsync(), $"signed out after {step * 90} minutes");
        }

        app.Clock.Advance(TimeSpan.FromMinutes(60));
        Assert.True(await browser.IsSignedInAsync(), "signed out after 11 h 30 min");

        app.Clock.Advance(TimeSpan.FromMinutes(31)); // 12 h 01 min after sign-in
        Assert.False(await browser.IsSignedInAsync());
    }

    [Fact]
    public async Task IdleTimeout_EndsASessionUnusedFor2Hours_AndUseMovesItOn()
    {
        await app.CreateUserAsync("idle@test.local", Password);
        using var browser = new HttpBrowser(app.BaseUrl);
        await browser.SignInAsync("idle@test.local", Password);

        app.Clock.Advance(TimeSpan.FromMinutes(100));
        Assert.True(await browser.IsSignedInAsync()); // 1 h 40 min idle: still on, and the window slides from here

        app.Clock.Advance(TimeSpan.FromMinutes(100));
        Assert.True(await browser.IsSignedInAsync()); // 3 h 20 min after sign-in, but only 1 h 40 min idle

        app.Clock.Advance(TimeSpan.FromMinutes(121));
        Assert.False(await browser.IsSignedInAsync());
    }

    [Fact]
    public async Task Cleanup_DeletesSessionsEndedMoreThan30DaysAgo_AndKeepsLiveOnes()
    {
        var ct = TestContext.Current.CancellationToken;
        await app.CreateUserAsync("cleanup@test.local", Password);
        using (var gone = new HttpBrowser(app.BaseUrl))
        {
            await gone.SignInAsync("cleanup@test.local", Password);
            await gone.SignOutAsync();
        }

        var sessions = app.Services.GetRequiredService<UserSessions>();
        Assert.Equal(0, await sessions.DeleteOldAsync(ct)); // ended just now: kept for a while

        app.Clock.Advance(TimeSpan.FromDays(31));
        using var live = new HttpBrowser(app.BaseUrl);
        await live.SignInAsync("cleanup@test.local", Password);
        Assert.True(await sessions.DeleteOldAsync(ct) >= 1);

        await using var db = await app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(ct);
        var userId = await db.Users.Where(u => u.Email == "cleanup@test.local").Select(u => u.Id).SingleAsync(ct);
        var left = await db.Set<UserSession>().Where(s => s.UserId == userId).ToListAsync(ct);
        Assert.Null(Assert.Single(left).EndedUtc);
        Assert.True(await live.IsSignedInAsync());
    }
}
