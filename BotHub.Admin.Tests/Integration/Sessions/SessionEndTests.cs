using System.Net;
using System.Security.Claims;
using BotHub.Admin.Data;
using BotHub.Admin.Features.Sessions;
using BotHub.Admin.Features.Users;
using BotHub.Admin.Tests.Infrastructure;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using BotHub.Admin.Features.Security;

namespace BotHub.Admin.Tests.Integration.Sessions;

/// <summary>Sessions live on the server: what ends them ends them for every copy of the cookie.</summary>
public sealed class SessionEndTests(TestApp app) : IClassFixture<TestApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CookieCopiedBeforeSignOut_GetsNothingAfterIt()
    {
        const string email = "copied.cookie@test.local";
        await app.CreateUserAsync(email, "copied cookie passphrase", Roles.Staff);
        using var browser = new HttpBrowser(app.BaseUrl);
        await browser.SignInAsync(email, "copied cookie passphrase");
        var copied = browser.AuthCookieValue!;

        using var thief = new HttpBrowser(app.BaseUrl);
        thief.UseAuthCookie(copied);
        using (var before = await thief.Client.GetAsync("/recipients/export.csv", Ct))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode); // the copy works while the session lives
            Assert.Equal("text/csv", before.Content.Headers.ContentType?.MediaType);
        }

        var signOut = await browser.SignOutAsync();
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);

        using var after = await thief.Client.GetAsync("/recipients/export.csv", Ct);
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/Account/Login", after.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.NotEqual("text/csv", after.Content.Headers.ContentType?.MediaType);
        Assert.Equal(SessionEnd.SignedOut, (await SessionsOfAsync(email)).Single().EndReason);
    }

    [Fact]
    public async Task TheCookie_CarriesOnlyAKey_AndTheDatabaseOnlyItsHashAndAProtectedTicket()
    {
        const string email = "stored.ticket@test.local";
        await app.CreateUserAsync(email, "stored ticket passphrase", Roles.Staff);
        using var browser = new HttpBrowser(app.BaseUrl, "Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0 Safari/537.36");
        await browser.SignInAsync(email, "stored ticket passphrase");

        var session = (await SessionsOfAsync(email)).Single();
        Assert.Equal(64, session.Id.Length);
        Assert.Null(session.EndedUtc);
        Assert.Equal("127.0.0.1", session.Address);
        Assert.Equal("Chrome · Linux", BrowserName.Describe(session.UserAgent));
        Assert.DoesNotContain(email, System.Text.Encoding.UTF8.GetString(session.Ticket), StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromHours(12), session.AbsoluteExpiresUtc - session.CreatedUtc);
        Assert.InRange(session.ExpiresUtc - session.CreatedUtc, TimeSpan.FromHours(2) - TimeSpan.FromSeconds(5), TimeSpan.FromHours(2));
    }

    [Fact]
    public async Task Disabling_EndsEverySessionOfTheUser_AtOnce()
    {
        var (user, browsers) = await UserWithTwoSessionsAsync("to.disable.sessions@test.local");
        var result = await AsAdminAsync(admin => admin.SetDisabledAsync(user.Id, true));
        Assert.True(result.Ok, result.Error);
        await AssertSignedOutAsync(browsers);
        Assert.All(await SessionsOfAsync(user.Email!), s => Assert.Equal(SessionEnd.Disabled, s.EndReason));
    }

    [Fact]
    public async Task ChangingRoles_EndsEverySessionOfTheUser_AtOnce()
    {
        var (user, browsers) = await UserWithTwoSessionsAsync("roles.sessions@test.local");
        var result = await AsAdminAsync(admin => admin.SetRolesAsync(user.Id, [Roles.Manager]));
        Assert.True(result.Ok, result.Error);
        await AssertSignedOutAsync(browsers);
        Assert.All(await SessionsOfAsync(user.Email!), s => Assert.Equal(SessionEnd.RolesChanged, s.EndReason));
    }

    [Fact]
    public async Task AdminResettingThePassword_EndsEverySessionOfTheUser_AtOnce()
    {
        var (user, browsers) = await UserWithTwoSessionsAsync("reset.sessions@test.local");
        var result = await AsAdminAsync(admin => admin.ResetPasswordAsync(user.Id, null));
        Assert.True(result.Ok, result.Error);
        await AssertSignedOutAsync(browsers);
    }

    [Fact]
    public async Task ChangingOwnPassword_KeepsThisSession_AndEndsTheOthers()
    {
        var (user, browsers) = await UserWithTwoSessionsAsync("own.password@test.local");
        var changed = await browsers[0].ChangePasswordAsync(Password, "a brand new passphrase here");
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Contains("Your password has been changed", await changed.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        Assert.True(await browsers[0].IsSignedInAsync());
        Assert.False(await browsers[1].IsSignedInAsync());
        var sessions = await SessionsOfAsync(user.Email!);
        Assert.Single(sessions, s => s.EndedUtc is null);
        Assert.Single(sessions, s => s.EndReason == SessionEnd.PasswordChanged);
    }

    [Fact]
    public async Task SigningInAsAnotherUser_OverALiveSession_NeverHandsThatSessionKeyTheNewUser()
    {
        await app.CreateUserAsync("first.user@test.local", Password, Roles.Staff);
        await app.CreateUserAsync("second.user@test.local", Password, Roles.Staff);
        using var browser = new HttpBrowser(app.BaseUrl);
        await browser.SignInAsync("first.user@test.local", Password);
        var planted = browser.AuthCookieValue!; // e.g. a key an attacker planted in the victim's browser

        await browser.SignInAsync("second.user@test.local", Password);

        using var holder = new HttpBrowser(app.BaseUrl);
        holder.UseAuthCookie(planted);
        Assert.False(await holder.IsSignedInAsync());
        Assert.All(await SessionsOfAsync("first.user@test.local"), s => Assert.NotNull(s.EndedUtc));
        Assert.Empty(await SessionsOfAsync("second.user@test.local"));

        // That browser signs in once more, and gets a session (and key) of its own.
        await browser.SignInAsync("second.user@test.local", Password);
        Assert.NotEqual(planted, browser.AuthCookieValue);
        Assert.True(await browser.IsSignedInAsync());
    }

    private const string Password = "session test passphrase";

    private async Task<(AppUser User, HttpBrowser[] Browsers)> UserWithTwoSessionsAsync(string email)
    {
        var user = await app.CreateUserAsync(email, Password, Roles.Staff);
        var browsers = new[] { new HttpBrowser(app.BaseUrl), new HttpBrowser(app.BaseUrl) };
        foreach (var b in browsers)
        {
            await b.SignInAsync(email, Password);
            Assert.True(await b.IsSignedInAsync());
        }

        return (user, browsers);
    }

    private static async Task AssertSignedOutAsync(IEnumerable<HttpBrowser> browsers)
    {
        foreach (var b in browsers)
        {
            Assert.False(await b.IsSignedInAsync());
            var (status, location) = await b.GetAsync("/recipients/export.csv");
            Assert.Equal(HttpStatusCode.Redirect, status);
            Assert.Contains("/Account/Login", location, StringComparison.Ordinal);
            b.Dispose();
        }
    }

    /// <summary>Runs a Users page operation as the first admin would, in a scope of the running app.</summary>
    private async Task<UserAdminResult> AsAdminAsync(Func<UserAdmin, Task<UserAdminResult>> action)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var admin = await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(TestApp.AdminEmail);
        var principal = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, admin!.Id), new Claim(ClaimTypes.Name, TestApp.AdminEmail)], "Test"));
        ((IHostEnvironmentAuthenticationStateProvider)scope.ServiceProvider.GetRequiredService<AuthenticationStateProvider>())
            .SetAuthenticationState(Task.FromResult(new AuthenticationState(principal)));
        return await action(scope.ServiceProvider.GetRequiredService<UserAdmin>());
    }

    private async Task<List<UserSession>> SessionsOfAsync(string email)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(Ct);
        var id = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync(Ct);
        return await db.Set<UserSession>().AsNoTracking().Where(s => s.UserId == id).ToListAsync(Ct);
    }
}
