using BotHub.Admin.Resources;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;

namespace BotHub.Admin.Components.Account;

/// <summary>Identity's error texts in the user's language: every text Identity can give, so none is left in English.</summary>
public sealed class LocalizedIdentityErrors(IStringLocalizer<Strings> l) : IdentityErrorDescriber
{
    public override IdentityError DefaultError() => Err(nameof(DefaultError), l["Identity.DefaultError"]);
    public override IdentityError PasswordMismatch() => Err(nameof(PasswordMismatch), l["Identity.PasswordMismatch"]);
    public override IdentityError PasswordTooShort(int length) => Err(nameof(PasswordTooShort), l["Identity.PasswordTooShort", length]);
    public override IdentityError DuplicateEmail(string email) => Err(nameof(DuplicateEmail), l["Identity.DuplicateEmail", email]);
    public override IdentityError DuplicateUserName(string userName) => Err(nameof(DuplicateUserName), l["Identity.DuplicateEmail", userName]);
    public override IdentityError InvalidEmail(string? email) => Err(nameof(InvalidEmail), l["Identity.InvalidEmail", email ?? ""]);
    public override IdentityError InvalidUserName(string? userName) => Err(nameof(InvalidUserName), l["Identity.InvalidEmail", userName ?? ""]);
    public override IdentityError ConcurrencyFailure() => Err(nameof(ConcurrencyFailure), l["Identity.ConcurrencyFailure"]);
    public override IdentityError InvalidToken() => Err(nameof(InvalidToken), l["Identity.InvalidToken"]);
    public override IdentityError RecoveryCodeRedemptionFailed() => Err(nameof(RecoveryCodeRedemptionFailed), l["Identity.RecoveryCodeRedemptionFailed"]);
    public override IdentityError LoginAlreadyAssociated() => Err(nameof(LoginAlreadyAssociated), l["Identity.LoginAlreadyAssociated"]);
    public override IdentityError InvalidRoleName(string? role) => Err(nameof(InvalidRoleName), l["Identity.InvalidRoleName", role ?? ""]);
    public override IdentityError DuplicateRoleName(string role) => Err(nameof(DuplicateRoleName), l["Identity.DuplicateRoleName", role]);
    public override IdentityError UserAlreadyHasPassword() => Err(nameof(UserAlreadyHasPassword), l["Identity.UserAlreadyHasPassword"]);
    public override IdentityError UserLockoutNotEnabled() => Err(nameof(UserLockoutNotEnabled), l["Identity.UserLockoutNotEnabled"]);
    public override IdentityError UserAlreadyInRole(string role) => Err(nameof(UserAlreadyInRole), l["Identity.UserAlreadyInRole", role]);
    public override IdentityError UserNotInRole(string role) => Err(nameof(UserNotInRole), l["Identity.UserNotInRole", role]);
    public override IdentityError PasswordRequiresUniqueChars(int uniqueChars) =>
        Err(nameof(PasswordRequiresUniqueChars), l["Identity.PasswordRequiresUniqueChars", uniqueChars]);
    public override IdentityError PasswordRequiresNonAlphanumeric() => Err(nameof(PasswordRequiresNonAlphanumeric), l["Identity.PasswordRequiresNonAlphanumeric"]);
    public override IdentityError PasswordRequiresDigit() => Err(nameof(PasswordRequiresDigit), l["Identity.PasswordRequiresDigit"]);
    public override IdentityError PasswordRequiresLower() => Err(nameof(PasswordRequiresLower), l["Identity.PasswordRequiresLower"]);
    public override IdentityError PasswordRequiresUpper() => Err(nameof(PasswordRequiresUpper), l["Identity.PasswordRequiresUpper"]);

    private static IdentityError Err(string code, string description) => new() { Code = code, Description = description };
}
