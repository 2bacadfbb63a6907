using BotHub.Admin.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace BotHub.Admin.Components.Account;

/// <summary>
/// Identity's sign-in manager, which also refuses a disabled user, and answers quietly: whatever the account's state,
/// the password is checked (so the time taken does not tell), and a blocked account says why only to its right password.
/// </summary>
public sealed class AppSignInManager(
    UserManager<AppUser> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<AppUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<AppUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<AppUser> confirmation)
    : SignInManager<AppUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    private static readonly Lazy<string> NoOnesHash = new(() =>
        new PasswordHasher<AppUser>().HashPassword(new AppUser(), Convert.ToBase64String(Guid.NewGuid().ToByteArray())));

    public override async Task<bool> CanSignInAsync(AppUser user) =>
        !user.IsDisabled && await base.CanSignInAsync(user);

    public override async Task<SignInResult> CheckPasswordSignInAsync(AppUser user, string password, bool lockoutOnFailure)
    {
        var blocked = !await CanSignInAsync(user) || await IsLockedOut(user);
        if (blocked)
        {
            // Identity would answer "locked" or "not allowed" without hashing: check first, and tell only the right password.
            return await UserManager.CheckPasswordAsync(user, password)
                ? await base.CheckPasswordSignInAsync(user, password, lockoutOnFailure: false)
                : SignInResult.Failed;
        }

        var result = await base.CheckPasswordSignInAsync(user, password, lockoutOnFailure);

        // This wrong password has just locked the account: to its sender it is a wrong password like any other.
        return result.IsLockedOut ? SignInResult.Failed : result;
    }

    /// <summary>
    /// For an email that names no account: verifies the password against a hash of no one's password, made once with
    /// the same algorithm and cost as a real one, so the answer takes as long as for a real account.
    /// </summary>
    public void CheckPasswordOfNoOne(string password) =>
        UserManager.PasswordHasher.VerifyHashedPassword(new AppUser(), NoOnesHash.Value, password);
}
