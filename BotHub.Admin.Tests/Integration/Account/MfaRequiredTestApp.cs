using BotHub.Admin.Tests.Infrastructure;

namespace BotHub.Admin.Tests.Integration.Account;

/// <summary>The app as in Production: two-step sign-in required of Admins.</summary>
public sealed class MfaRequiredTestApp : TestApp
{
    protected override IDictionary<string, string?> Settings
    {
        get
        {
            var s = base.Settings;
            s["Auth:RequireMfaFor"] = "Admin";
            return s;
        }
    }
}
