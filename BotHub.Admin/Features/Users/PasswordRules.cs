using System.Reflection;
using BotHub.Admin.Data;
using BotHub.Admin.Resources;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;

namespace BotHub.Admin.Features.Users;

/// <summary>OWASP ASVS 5 password rules: 12 to 128 characters, no composition rules, not a common password.</summary>
public static class PasswordRules
{
    public const int MinLength = 12;
    public const int MaxLength = 128;

    private static readonly Lazy<HashSet<string>> Common = new(LoadCommon);

    public static bool IsCommon(string password) => Common.Value.Contains(password.Trim());

    private static HashSet<string> LoadCommon()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("BotHub.Admin.common-passwords.txt")
            ?? throw new InvalidOperationException("The common-password list is missing from the build.");
        using var reader = new StreamReader(stream);
        var set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && !line.StartsWith('#'))
            {
                set.Add(line.Trim());
            }
        }

        return set;
    }

    public static void Configure(PasswordOptions o)
    {
        o.RequiredLength = MinLength;
        o.RequireDigit = false;
        o.RequireLowercase = false;
        o.RequireUppercase = false;
        o.RequireNonAlphanumeric = false;
        o.RequiredUniqueChars = 1;
    }
}

/// <summary>Refuses passwords over 128 characters, on the common list, or equal to the user's own email.</summary>
public sealed class PasswordPolicyValidator(IStringLocalizer<Strings> l) : IPasswordValidator<AppUser>
{
    public async Task<IdentityResult> ValidateAsync(UserManager<AppUser> manager, AppUser user, string? password)
    {
        password ??= "";
        var errors = new List<IdentityError>();
        if (password.Length > PasswordRules.MaxLength)
        {
            errors.Add(new() { Code = "PasswordTooLong", Description = l["Password.TooLong", PasswordRules.MaxLength] });
        }

        if (PasswordRules.IsCommon(password))
        {
            errors.Add(new() { Code = "PasswordCommon", Description = l["Password.Common"] });
        }

        var email = user.Email ?? await manager.GetEmailAsync(user);
        if (!string.IsNullOrEmpty(email) && string.Equals(password.Trim(), email, StringComparison.OrdinalIgnoreCase))
        {
            errors.Add(new() { Code = "PasswordIsEmail", Description = l["Password.IsEmail"] });
        }

        return errors.Count == 0 ? IdentityResult.Success : IdentityResult.Failed([.. errors]);
    }
}
