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
}
