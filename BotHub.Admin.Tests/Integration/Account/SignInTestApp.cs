using BotHub.Admin.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;

namespace BotHub.Admin.Tests.Integration.Account;

/// <summary>The app with the sign-in limits as deployed (10 a minute per address, 5 per account) and a test-chosen client address.</summary>
public sealed class SignInTestApp : TestApp
{
    public const int PerAddress = 10;
    public const int PerAccount = 5;

    protected override IDictionary<string, string?> Settings
    {
        get
        {
            var s = base.Settings;
            s["Auth:SignInLimitPerAddress"] = PerAddress.ToString(System.Globalization.CultureInfo.InvariantCulture);
            s["Auth:SignInLimitPerAccount"] = PerAccount.ToString(System.Globalization.CultureInfo.InvariantCulture);
            s["Auth:SignInWindow"] = "00:01:00";
            return s;
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseTestClientAddress();
    }
}
