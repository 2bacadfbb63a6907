using System.Security.Cryptography;
using BotHub.Admin.Data;
using BotHub.Admin.Features.Audit;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using BotHub.Admin.Features.Security;

namespace BotHub.Admin.Features.Users;

/// <summary>Settings under "Bootstrap": the first administrator, made when no user exists.</summary>
public sealed class BootstrapOptions
{
    public const string Section = "Bootstrap";
    public const string DefaultEmail = "admin@bothub.local";

    public string? AdminEmail { get; set; }
    public string? AdminPassword { get; set; }
}

/// <param name="Created">True when this start made the first administrator.</param>
/// <param name="GeneratedPassword">Set only when no password was configured and one was made up.</param>
public sealed record BootstrapResult(bool Created, string? Email, string? GeneratedPassword);

/// <summary>First run: the roles, and an Admin when there is no user at all.</summary>
public static class BootstrapAdmin
{
    private const string Alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    public static async Task<BootstrapResult> EnsureAsync(IServiceProvider services, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var roles = sp.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                Check(await roles.CreateAsync(new IdentityRole(role)), $"role {role}");
            }
        }

        var users = sp.GetRequiredService<UserManager<AppUser>>();
        if (users.Users.Any())
        {
            return new BootstrapResult(false, null, null);
        }

        var options = sp.GetRequiredService<IOptions<BootstrapOptions>>().Value;
        var email = string.IsNullOrWhiteSpace(options.AdminEmail) ? BootstrapOptions.DefaultEmail : options.AdminEmail.Trim();
        var generated = string.IsNullOrEmpty(options.AdminPassword) ? GeneratePassword() : null;
        var time = sp.GetRequiredService<TimeProvider>();
        var admin = new AppUser
        {
            UserName = email, Email = email, EmailConfirmed = true, CreatedUtc = time.GetUtcNow().UtcDateTime,
            // A made-up password was printed to a console: its owner must replace it. One set in Bootstrap:AdminPassword was chosen.
            MustChangePassword = generated is not null,
        };
        Check(await users.CreateAsync(admin, generated ?? options.AdminPassword!), "Bootstrap:AdminEmail / Bootstrap:AdminPassword");
        Check(await users.AddToRoleAsync(admin, Roles.Admin), "the Admin role");
        await sp.GetRequiredService<AuditLog>().WriteAsync(AuditActor.System, AuditKind.UserCreated, email,
            AuditText.Of("AuditDetail.FirstAdmin", AuditText.List([AuditText.Of($"Role.{Roles.Admin}")])), ct);
        return new BootstrapResult(true, email, generated);
    }

    /// <summary>20 characters from 57 unambiguous ones: about 117 bits.</summary>
    public static string GeneratePassword() => RandomNumberGenerator.GetString(Alphabet, 20);

    private static void Check(IdentityResult result, string what)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(
                $"First-run set-up failed for {what}: {string.Join(" ", result.Errors.Select(e => e.Description))}");
        }
    }
}
