using System.Security.Claims;
using BotHub.Admin.Data;
using BotHub.Admin.Features.Sessions;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace BotHub.Admin.Components.Account;

/// <summary>
/// Re-checks an open page's user every <see cref="AuthOptions.RevalidationInterval"/> (a minute by default):
/// a deleted or disabled user, a changed security stamp or an ended session ends the page's access.
/// </summary>
public sealed class RevalidatingAuthStateProvider(
    ILoggerFactory loggerFactory,
    IServiceScopeFactory scopeFactory,
    IOptions<IdentityOptions> identityOptions,
    IOptions<AuthOptions> authOptions,
    UserSessions sessions,
    CircuitActivity activity)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => authOptions.Value.RevalidationInterval;

    protected override async Task<bool> ValidateAuthenticationStateAsync(
        AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var principal = authenticationState.User;
        var user = await users.GetUserAsync(principal);
        if (user is null || user.IsDisabled)
        {
            return false;
        }

        var stamp = principal.FindFirstValue(identityOptions.Value.ClaimsIdentity.SecurityStampClaimType);
        if (stamp != await users.GetSecurityStampAsync(user))
        {
            return false;
        }

        // Signed out elsewhere, ended from the sessions page, or past its absolute end: this page goes too.
        if (SessionTicketStore.IdOf(principal) is not { } session || !await sessions.IsLiveAsync(session, cancellationToken))
        {
            return false;
        }

        if (activity.TakeActivity())
        {
            await sessions.KeepAliveAsync(session, cancellationToken);
        }

        return true;
    }
}
