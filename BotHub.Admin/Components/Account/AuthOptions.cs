using System.ComponentModel.DataAnnotations;
using BotHub.Admin.Features.Security;

namespace BotHub.Admin.Components.Account;

/// <summary>Settings under "Auth".</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>How often an open page re-checks that its user still exists, is enabled and has the same security stamp.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:01:00", ErrorMessage = "Auth:RevalidationInterval must be between 1 second and 1 minute.")]
    public TimeSpan RevalidationInterval { get; set; } = TimeSpan.FromMinutes(1);

    [Range(1, 1440, ErrorMessage = "Auth:LockoutMinutes must be between 1 and 1440.")]
    public int LockoutMinutes { get; set; } = 15;

    [Range(1, 100, ErrorMessage = "Auth:MaxFailedAttempts must be between 1 and 100.")]
    public int MaxFailedAttempts { get; set; } = 5;

    /// <summary>
    /// Roles whose members must use two-step sign-in. Read by <see cref="TwoFactorRoles"/>: when the key is absent,
    /// Admin in Production and none in Development; an empty value turns the requirement off.
    /// </summary>
    public IReadOnlyList<string> RequireMfaFor { get; internal set; } = [];

    /// <summary>Sign-in and code posts one client address may make per <see cref="SignInWindow"/>.</summary>
    [Range(1, 100_000, ErrorMessage = "Auth:SignInLimitPerAddress must be between 1 and 100000.")]
    public int SignInLimitPerAddress { get; set; } = 10;

    /// <summary>Sign-in posts naming one account (or code posts for one account) per <see cref="SignInWindow"/>, from any address.</summary>
    [Range(1, 100_000, ErrorMessage = "Auth:SignInLimitPerAccount must be between 1 and 100000.")]
    public int SignInLimitPerAccount { get; set; } = 5;

    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ErrorMessage = "Auth:SignInWindow must be between 1 second and 1 hour.")]
    public TimeSpan SignInWindow { get; set; } = TimeSpan.FromMinutes(1);
}
