using BotHub.Admin.Features.Clock;

namespace BotHub.Admin.Features.Users;

public static class UsersFeature
{
    public static void AddUsers(this WebApplicationBuilder builder) =>
        builder.Services.AddScoped<UserAdmin>();

    /// <summary>Makes the first Admin when no user exists; a made-up password is written once, to the console only.</summary>
    public static async Task BootstrapFirstAdminAsync(this WebApplication app)
    {
        var result = await BootstrapAdmin.EnsureAsync(app.Services);
        if (result is { Created: true, GeneratedPassword: { } password })
        {
            Console.WriteLine($"""

                ==================================================================
                 BotHub Admin: first administrator created
                   email:    {result.Email}
                   password: {password}
                 Sign in with it: you will be asked to choose your own password.
                 It is shown this once and is not stored anywhere readable.
                ==================================================================

                """);
        }
    }
}
