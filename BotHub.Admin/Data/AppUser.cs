using Microsoft.AspNetCore.Identity;

namespace BotHub.Admin.Data;

/// <summary>A person who signs in to the console.</summary>
public sealed class AppUser : IdentityUser
{
    /// <summary>A disabled user cannot sign in and loses open sessions at the next revalidation.</summary>
    public bool IsDisabled { get; set; }

    /// <summary>The light/dark choice follows the person, not the browser.</summary>
    public bool PrefersDarkMode { get; set; }

    public DateTime CreatedUtc { get; set; }

    /// <summary>The password was made up by the app (first admin, or an admin let it make one): it must be changed at sign-in.</summary>
    public bool MustChangePassword { get; set; }

    /// <summary>The person said "not now" to the offer of two-step sign-in on the dashboard.</summary>
    public bool TwoFactorOfferDismissed { get; set; }

    /// <summary>The IANA zone every time is shown in (detected from the first browser, then the person's choice); null until known.</summary>
    [System.ComponentModel.DataAnnotations.MaxLength(64)]
    public string? TimeZone { get; set; }
}
