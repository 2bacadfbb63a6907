using BotHub.Admin.Tests.Infrastructure;
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
}
