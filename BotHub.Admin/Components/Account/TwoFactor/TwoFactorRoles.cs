using BotHub.Admin.Data;
using BotHub.Admin.Features.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using BotHub.Admin.Features.Security;

namespace BotHub.Admin.Components.Account.TwoFactor;

/// <summary>
/// Which roles must use two-step sign-in: those in <c>Auth:RequireMfaFor</c>, plus every role when an administrator
/// turned that on (kept as a claim on each role, so it needs no table of its own).
/// </summary>
public sealed class TwoFactorRoles(IDbContextFactory<AppDbContext> dbs, IOptions<AuthOptions> options) : ITwoFactorRequirement
{
    public const string ClaimType = "bothub:requires-two-factor";

    /// <summary>
    /// The configured list: absent means Admin in Production and none in Development (a first look needs no phone);
    /// present but empty (<c>Auth__RequireMfaFor=</c>, or <c>[]</c> in JSON) means none. A list or a comma-separated value.
    /// </summary>
    public static IReadOnlyList<string> FromConfiguration(IConfiguration config, bool isDevelopment)
    {
        var auth = config.GetSection(AuthOptions.Section);
        var section = auth.GetSection(nameof(AuthOptions.RequireMfaFor));
        var present = section.Value is not null || auth.GetChildren().Any(c => c.Key.Equals(nameof(AuthOptions.RequireMfaFor), StringComparison.OrdinalIgnoreCase));
        if (!present)
        {
            return isDevelopment ? [] : [Roles.Admin];
        }

        var names = section.GetChildren().Select(c => c.Value).Append(section.Value)
            .SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var unknown = names.Where(n => !Roles.All.Contains(n, StringComparer.OrdinalIgnoreCase)).ToList();
        if (unknown.Count > 0)
        {
            throw new InvalidOperationException(
                $"Auth:RequireMfaFor names unknown roles ({string.Join(", ", unknown)}); the roles are {string.Join(", ", Roles.All)}.");
        }

        return names.Select(n => Roles.All.First(r => r.Equals(n, StringComparison.OrdinalIgnoreCase))).ToList();
    }

    /// <summary>Roles from the setting; these stay required whatever the Users page says.</summary>
    public IReadOnlyList<string> Configured => options.Value.RequireMfaFor;

    /// <summary>Whether an administrator asked for every role.</summary>
    public async Task<bool> EveryRoleAsync(CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var marked = await db.RoleClaims.Where(c => c.ClaimType == ClaimType).Select(c => c.RoleId).Distinct().CountAsync(ct);
        return marked > 0 && marked >= await db.Roles.CountAsync(ct);
    }

    public async Task<bool> IsRequiredForAsync(IEnumerable<string> roles, CancellationToken ct = default)
    {
        var list = roles.ToList();
        if (list.Count == 0)
        {
            return false;
        }

        if (list.Any(r => Configured.Contains(r)))
        {
            return true;
        }

        await using var db = await dbs.CreateDbContextAsync(ct);
        return await db.RoleClaims.AnyAsync(c => c.ClaimType == ClaimType && db.Roles.Any(r => r.Id == c.RoleId && list.Contains(r.Name!)), ct);
    }

    public async Task SetEveryRoleAsync(bool required, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        await db.RoleClaims.Where(c => c.ClaimType == ClaimType).ExecuteDeleteAsync(ct);
        if (required)
        {
            var roleIds = await db.Roles.Select(r => r.Id).ToListAsync(ct);
            db.RoleClaims.AddRange(roleIds.Select(id => new IdentityRoleClaim<string> { RoleId = id, ClaimType = ClaimType, ClaimValue = "true" }));
            await db.SaveChangesAsync(ct);
        }
    }
}
