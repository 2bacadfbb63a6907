using System.ComponentModel.DataAnnotations;

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
}
