using System.Security.Claims;
using BotHub.Admin.Components.Account.TwoFactor;
using BotHub.Admin.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace BotHub.Admin.Components.Account;

/// <summary>
/// The signed-in principal, plus what the person must do before anything else: change a password the app made up, or
/// set up two-step sign-in that their role requires. The cookie's periodic re-check rebuilds it, so a change of the
/// requirement reaches open sessions within <see cref="AuthOptions.RevalidationInterval"/>.
/// </summary>
public sealed class AccountClaims(
    UserManager<AppUser> users,
    RoleManager<IdentityRole> roles,
    IOptions<IdentityOptions> options,
    TwoFactorRoles twoFactorRoles)
    : UserClaimsPrincipalFactory<AppUser, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (user.MustChangePassword)
        {
            identity.AddClaim(new Claim(AccountSetup.ClaimType, AccountSetup.Password));
        }

        var userRoles = identity.FindAll(Options.ClaimsIdentity.RoleClaimType).Select(c => c.Value);
        if (!user.TwoFactorEnabled && await twoFactorRoles.IsRequiredForAsync(userRoles))
        {
            identity.AddClaim(new Claim(AccountSetup.ClaimType, AccountSetup.TwoFactor));
        }

        return identity;
    }
}
