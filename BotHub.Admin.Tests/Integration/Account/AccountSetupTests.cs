using System.Net;
using System.Text.RegularExpressions;
using BotHub.Admin.Components.Account.TwoFactor;
using BotHub.Admin.Data;
using BotHub.Admin.Features.Users;
using BotHub.Admin.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using BotHub.Admin.Features.Security;

namespace BotHub.Admin.Tests.Integration.Account;

/// <summary>
/// A step left after the password (a made-up password to change, two-step sign-in the role needs) is enforced by the
/// server on every page and endpoint, not only by a redirect after sign-in.
/// </summary>
public sealed partial class AccountSetupTests(MfaRequiredTestApp app) : IClassFixture<MfaRequiredTestApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<string?> RedirectOfAsync(HttpClient client, string path) =>
        (await client.GetAsync(path, Ct)) is { StatusCode: HttpStatusCode.Redirect or HttpStatusCode.Found } r ? r.Headers.Location!.OriginalString : null;

    [Fact]
    public async Task AdminWithoutTwoFactor_ReachesOnlyEnrolment_UntilACodeFromTheShownKeyTurnsItOn()
    {
        using var admin = app.NewClient();
        var signIn = await admin.SignInAsync(TestApp.AdminEmail, TestApp.AdminPassword);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);

        foreach (var path in new[] { "/", "/users", "/audit/export.csv", "/recipients/export.csv", "/Account/AccessDenied" })
        {
            Assert.Equal("/Account/EnableAuthenticator", await RedirectOfAsync(admin, path));
        }

        Assert.Null(await RedirectOfAsync(admin, "/Account/ChangePassword"));
        var page = WebUtility.HtmlDecode(await admin.GetStringAsync("/Account/EnableAuthenticator", Ct));
        Assert.Contains("data:image/svg+xml;base64,", page, StringComparison.Ordinal);
        var key = SetupKey().Match(page).Groups[1].Value;
        Assert.Matches("^([a-z2-7]{4} )+[a-z2-7]{1,4}$", key);

        var wrong = await admin.PostFormAsync("/Account/EnableAuthenticator", "enable-2fa", new() { ["Input.Code"] = "000000" == Authenticator.Code(key) ? "111111" : "000000" });
        Assert.Contains("That code is not right", await wrong.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal("/Account/EnableAuthenticator", await RedirectOfAsync(admin, "/users"));

        var enabled = await admin.PostFormAsync("/Account/EnableAuthenticator", "enable-2fa", new() { ["Input.Code"] = Authenticator.Code(key) });
        var done = await enabled.Content.ReadAsStringAsync(Ct);
        Assert.Contains("Two-step sign-in is on.", done, StringComparison.Ordinal);
        Assert.Equal(10, RecoveryCode().Count(done));
        Assert.Null(await RedirectOfAsync(admin, "/users"));
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/users", Ct)).StatusCode);
    }

    [Fact]
    public async Task MadeUpPassword_MustBeChangedBeforeAnythingElse_EvenTwoFactorSetUp()
    {
        const string email = "made.up@test.local";
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, MustChangePassword = true };
            Assert.True((await users.CreateAsync(user, "made up by the app 1")).Succeeded);
            Assert.True((await users.AddToRoleAsync(user, Roles.Staff)).Succeeded);
        }

        using var client = app.NewClient();
        await client.SignInAsync(email, "made up by the app 1");
        foreach (var path in new[] { "/", "/recipients", "/recipients/export.csv", "/Account/TwoFactor", "/Account/EnableAuthenticator" })
        {
            Assert.Equal("/Account/ChangePassword", await RedirectOfAsync(client, path));
        }

        var page = await client.GetStringAsync("/Account/ChangePassword", Ct);
        Assert.Contains("made by the app", page, StringComparison.Ordinal);
        var changed = await client.PostFormAsync("/Account/ChangePassword", "change-password", new()
        {
            ["Input.Current"] = "made up by the app 1", ["Input.New"] = "my own long passphrase", ["Input.Confirm"] = "my own long passphrase",
        });
        Assert.Contains("Your password has been changed", await changed.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        Assert.Null(await RedirectOfAsync(client, "/recipients"));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/recipients", Ct)).StatusCode);
    }

    [Fact]
    public async Task EveryRoleSwitch_RequiresItOfStaffToo_AndOffAgain_OnlyOfTheConfiguredRoles()
    {
        await app.CreateUserAsync("staff.every@test.local", "staff every passphrase", Roles.Staff);
        var roles = app.Services.GetRequiredService<TwoFactorRoles>();
        using var before = app.NewClient();
        await before.SignInAsync("staff.every@test.local", "staff every passphrase");
        Assert.Null(await RedirectOfAsync(before, "/recipients"));

        await roles.SetEveryRoleAsync(true, Ct);
        try
        {
            Assert.True(await roles.EveryRoleAsync(Ct));
            using var client = app.NewClient();
            await client.SignInAsync("staff.every@test.local", "staff every passphrase");
            Assert.Equal("/Account/EnableAuthenticator", await RedirectOfAsync(client, "/recipients"));
        }
        finally
        {
            await roles.SetEveryRoleAsync(false, Ct);
        }

        Assert.False(await roles.EveryRoleAsync(Ct));
        using var after = app.NewClient();
        await after.SignInAsync("staff.every@test.local", "staff every passphrase");
        Assert.Null(await RedirectOfAsync(after, "/recipients"));
    }

    [GeneratedRegex("aria-label=\"Setup key\">([a-z0-9 ]+)</code>")]
    private static partial Regex SetupKey();

    [GeneratedRegex("<li><code>[A-Z0-9]{5}-[A-Z0-9]{5}</code></li>")]
    private static partial Regex RecoveryCode();
}
