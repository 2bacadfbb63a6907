using BotHub.Admin.Resources;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;

namespace BotHub.Admin.Components.Account;

/// <summary>Identity's error texts in the user's language, for the errors this app can meet.</summary>
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

    private static IdentityError Err(string code, string description) => new() { Code = code, Description = description };
}
