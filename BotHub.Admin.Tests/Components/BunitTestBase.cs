using System.Globalization;
using System.Security.Claims;
using BotHub.Admin.Features.Clock;
using BotHub.Admin.Features.Security;
using BotHub.Admin.Features.Users;
using Bunit;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MudBlazor.Services;

namespace BotHub.Admin.Tests.Components;

/// <summary>
/// bUnit with MudBlazor, the app's real resources and its real authorization policies. The user is a plain
/// ClaimsPrincipal with role claims, so the app's role → policy mapping is what decides (not bUnit's fake).
/// </summary>
public abstract class BunitTestBase : BunitContext
{
    private readonly CultureInfo _culture = CultureInfo.CurrentCulture;
    private readonly CultureInfo _uiCulture = CultureInfo.CurrentUICulture;
    private readonly TestAuthenticationStateProvider _auth = new();

    protected BunitTestBase()
    {
        UseCulture("en");
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddLocalization();

        // bUnit registers placeholders that throw; AddAuthorizationCore only TryAdds, so remove them first.
        Services.RemoveAll<IAuthorizationService>();
        Services.RemoveAll<AuthenticationStateProvider>();
        Services.AddAuthorizationBuilder().AddBotHubPolicies();
        Services.AddSingleton<AuthenticationStateProvider>(_auth);
        Services.AddCascadingAuthenticationState();
        Services.AddUserClock();
    }

    /// <summary>The signed-in person's clock (UTC until <see cref="UseZone"/>).</summary>
    protected UserClock Clock => Services.GetRequiredService<UserClock>();

    /// <summary>The person's time zone, as if stored on them or picked in the account menu.</summary>
    protected void UseZone(string zone) => Assert.True(Clock.Use(zone), zone);

    /// <summary>Signs in a user with these roles (none: signed in, but no role).</summary>
    protected void SignInAs(params string[] roles)
    {
        var claims = new List<Claim> { new(ClaimTypes.Name, "someone@example.com"), new(ClaimTypes.NameIdentifier, "user-1") };
        claims.AddRange(roles.Select(r => new Claim(ClaimTypes.Role, r)));
        _auth.Set(new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType: "Test")));
    }

    protected static void UseCulture(string name)
    {
        CultureInfo.CurrentCulture = new CultureInfo(name);
        CultureInfo.CurrentUICulture = new CultureInfo(name);
    }

    protected override void Dispose(bool disposing)
    {
        CultureInfo.CurrentCulture = _culture;
        CultureInfo.CurrentUICulture = _uiCulture;
        base.Dispose(disposing);
    }

    private sealed class TestAuthenticationStateProvider : AuthenticationStateProvider
    {
        private AuthenticationState _state = new(new ClaimsPrincipal(new ClaimsIdentity()));

        public void Set(ClaimsPrincipal user)
        {
            _state = new AuthenticationState(user);
            NotifyAuthenticationStateChanged(Task.FromResult(_state));
        }

        public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(_state);
    }
}
