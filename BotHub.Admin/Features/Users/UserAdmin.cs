using BotHub.Admin.Components.Account;
using BotHub.Admin.Data;
using BotHub.Admin.Features.Audit;
using BotHub.Admin.Features.Sessions;
using BotHub.Admin.Resources;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using BotHub.Admin.Features.Security;

namespace BotHub.Admin.Features.Users;

/// <param name="LastSignInUtc">The user's last sign-in as the audit log has it; null: never signed in.</param>
public sealed record UserRow(string Id, string Email, bool IsDisabled, DateTimeOffset? LockoutEnd, DateTime CreatedUtc,
    IReadOnlyList<string> Roles, DateTime? LastSignInUtc = null)
{
    public bool IsLockedOut(DateTimeOffset now) => LockoutEnd is { } end && end > now;
}

/// <summary>An operation's outcome: an error to show, or success with a password to show once (and whose it is).</summary>
public sealed record UserAdminResult(bool Ok, string? Error = null, string? Password = null, string? Email = null)
{
    public static UserAdminResult Success(string? password = null, string? email = null) => new(true, null, password, email);
    public static UserAdminResult Fail(string error) => new(false, error);
}

/// <summary>The Users page's operations. Each runs in its own scope, so Identity sees fresh data.</summary>
public sealed class UserAdmin(
    IServiceScopeFactory scopes,
    IDbContextFactory<AppDbContext> dbFactory,
    CurrentActor currentActor,
    AuditLog audit,
    UserSessions sessions,
    TimeProvider time,
    IStringLocalizer<Strings> l)
{
    public async Task<IReadOnlyList<UserRow>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Users.AsNoTracking().OrderBy(u => u.Email)
            .Select(u => new UserRow(u.Id, u.Email!, u.IsDisabled, u.LockoutEnd, u.CreatedUtc,
                db.UserRoles.Where(ur => ur.UserId == u.Id)
                    .Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name!).OrderBy(n => n).ToList(),
                db.Set<AuditEntry>().Where(a => a.ActorId == u.Id && a.Kind == AuditKind.SignIn).Max(a => (DateTime?)a.AtUtc)))
            .ToListAsync(ct);
    }

    public async Task<UserAdminResult> CreateAsync(string email, IReadOnlyCollection<string> roles, string? password)
    {
        email = email.Trim();
        if (roles.Count == 0)
        {
            return UserAdminResult.Fail(l["Users.Error.NoRole"]);
        }

        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var generated = string.IsNullOrEmpty(password) ? BootstrapAdmin.GeneratePassword() : null;
        var user = new AppUser
        {
            UserName = email, Email = email, EmailConfirmed = true, CreatedUtc = time.GetUtcNow().UtcDateTime,
            MustChangePassword = generated is not null, // the app made it up: its owner replaces it at the first sign-in
        };
        var created = await users.CreateAsync(user, generated ?? password!);
        if (!created.Succeeded)
        {
            return UserAdminResult.Fail(Describe(created));
        }

        var added = await users.AddToRolesAsync(user, roles.Where(Roles.All.Contains));
        if (!added.Succeeded)
        {
            return UserAdminResult.Fail(Describe(added));
        }

        await Audit(AuditKind.UserCreated, email, AuditText.Of("AuditDetail.Roles", RoleList(roles.Order())));
        return UserAdminResult.Success(generated, email);
    }

    public async Task<UserAdminResult> SetRolesAsync(string userId, IReadOnlyCollection<string> roles)
    {
        if (roles.Count == 0)
        {
            return UserAdminResult.Fail(l["Users.Error.NoRole"]);
        }

        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        if (await users.FindByIdAsync(userId) is not { } user)
        {
            return UserAdminResult.Fail(l["Users.Error.NotFound"]);
        }

        var before = (await users.GetRolesAsync(user)).Order().ToList();
        var after = roles.Where(Roles.All.Contains).Order().ToList();
        if (before.Contains(Roles.Admin) && !after.Contains(Roles.Admin) && await IsLastAdminAsync(users, user))
        {
            return UserAdminResult.Fail(l["Users.Error.LastAdmin"]);
        }

        var result = await users.RemoveFromRolesAsync(user, before.Except(after));
        if (result.Succeeded)
        {
            result = await users.AddToRolesAsync(user, after.Except(before));
        }

        if (!result.Succeeded)
        {
            return UserAdminResult.Fail(Describe(result));
        }

        // Their sessions end at once (open pages at the next revalidation): they sign in again with the new roles.
        await users.UpdateSecurityStampAsync(user);
        var ended = await sessions.EndAllAsync(user.Id, SessionEnd.RolesChanged);
        await Audit(AuditKind.RolesChanged, user.Email, AuditText.Of("AuditDetail.RolesChanged", RoleList(before), RoleList(after), ended));
        return UserAdminResult.Success();
    }

    public async Task<UserAdminResult> SetDisabledAsync(string userId, bool disabled)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        if (await users.FindByIdAsync(userId) is not { } user)
        {
            return UserAdminResult.Fail(l["Users.Error.NotFound"]);
        }

        if (disabled && user.Id == (await currentActor.GetAsync()).UserId)
        {
            return UserAdminResult.Fail(l["Users.Error.Self"]);
        }

        if (disabled && await users.IsInRoleAsync(user, Roles.Admin) && await IsLastAdminAsync(users, user))
        {
            return UserAdminResult.Fail(l["Users.Error.LastAdmin"]);
        }

        user.IsDisabled = disabled;
        var result = await users.UpdateAsync(user);
        if (result.Succeeded && disabled)
        {
            // A new stamp ends every cookie and open page of this user at the next check.
            result = await users.UpdateSecurityStampAsync(user);
        }

        if (!result.Succeeded)
        {
            return UserAdminResult.Fail(Describe(result));
        }

        if (disabled)
        {
            var ended = await sessions.EndAllAsync(user.Id, SessionEnd.Disabled);
            await Audit(AuditKind.UserDisabled, user.Email, AuditText.Of("AuditDetail.SessionsEnded", ended));
            return UserAdminResult.Success();
        }

        await Audit(AuditKind.UserEnabled, user.Email);
        return UserAdminResult.Success();
    }

    public async Task<UserAdminResult> ResetPasswordAsync(string userId, string? password)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        if (await users.FindByIdAsync(userId) is not { } user)
        {
            return UserAdminResult.Fail(l["Users.Error.NotFound"]);
        }

        var generated = string.IsNullOrEmpty(password) ? BootstrapAdmin.GeneratePassword() : null;
        user.MustChangePassword = generated is not null;
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var result = await users.ResetPasswordAsync(user, token, generated ?? password!);
        if (!result.Succeeded)
        {
            return UserAdminResult.Fail(Describe(result));
        }

        var ended = await sessions.EndAllAsync(user.Id, SessionEnd.PasswordReset);
        await Audit(AuditKind.PasswordReset, user.Email, AuditText.Of("AuditDetail.SessionsEnded", ended));
        return UserAdminResult.Success(generated);
    }

    public async Task<UserAdminResult> UnlockAsync(string userId)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        if (await users.FindByIdAsync(userId) is not { } user)
        {
            return UserAdminResult.Fail(l["Users.Error.NotFound"]);
        }

        var result = await users.SetLockoutEndDateAsync(user, null);
        if (result.Succeeded)
        {
            result = await users.ResetAccessFailedCountAsync(user);
        }

        if (!result.Succeeded)
        {
            return UserAdminResult.Fail(Describe(result));
        }

        await Audit(AuditKind.UserUnlocked, user.Email);
        return UserAdminResult.Success();
    }

    /// <summary>
    /// Deletes the account: its sessions end at once and it can no longer sign in. What it did stays as it was: the audit
    /// log keeps the name it acted under, and its broadcasts keep their author's name. Not oneself, nor the last admin.
    /// </summary>
    public async Task<UserAdminResult> DeleteAsync(string userId)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        if (await users.FindByIdAsync(userId) is not { } user)
        {
            return UserAdminResult.Fail(l["Users.Error.NotFound"]);
        }

        if (user.Id == (await currentActor.GetAsync()).UserId)
        {
            return UserAdminResult.Fail(l["Users.Error.SelfDelete"]);
        }

        if (await users.IsInRoleAsync(user, Roles.Admin) && await IsLastAdminAsync(users, user))
        {
            return UserAdminResult.Fail(l["Users.Error.LastAdmin"]);
        }

        var email = user.Email;
        var result = await users.DeleteAsync(user);
        if (!result.Succeeded)
        {
            return UserAdminResult.Fail(Describe(result));
        }

        // No user, no session: every cookie and open page of theirs is refused from now on.
        var ended = await sessions.EndAllAsync(user.Id, SessionEnd.UserDeleted);
        await Audit(AuditKind.UserDeleted, email, AuditText.Of("AuditDetail.SessionsEnded", ended));
        return UserAdminResult.Success();
    }

    /// <summary>The roles that must use two-step sign-in by the setting, and whether every role must (the Users page's switch).</summary>
    public async Task<(IReadOnlyList<string> Configured, bool EveryRole)> GetTwoFactorRequirementAsync(CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var roles = scope.ServiceProvider.GetRequiredService<ITwoFactorRequirement>();
        return (roles.Configured, await roles.EveryRoleAsync(ct));
    }

    /// <summary>Every role must use two-step sign-in, or only those of the setting; open sessions follow at their next check.</summary>
    public async Task SetTwoFactorForEveryRoleAsync(bool on, CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var roles = scope.ServiceProvider.GetRequiredService<ITwoFactorRequirement>();
        await roles.SetEveryRoleAsync(on, ct);
        await Audit(AuditKind.TwoFactorRequirementChanged, null,
            on ? AuditText.Of("AuditDetail.TwoFactorEveryRole") : AuditText.Of("AuditDetail.TwoFactorRoles", RoleList(roles.Configured)));
    }

    private static async Task<bool> IsLastAdminAsync(UserManager<AppUser> users, AppUser user)
    {
        var admins = await users.GetUsersInRoleAsync(Roles.Admin);
        return !admins.Any(a => a.Id != user.Id && !a.IsDisabled);
    }

    private async Task Audit(AuditKind kind, string? subject, AuditText? details = null)
    {
        var actor = await currentActor.GetAsync();
        await (details is null ? audit.WriteAsync(actor, kind, subject) : audit.WriteAsync(actor, kind, subject, details));
    }

    /// <summary>Role names said in the reader's language; "none" for no role.</summary>
    private static AuditList RoleList(IEnumerable<string> roles) => AuditText.List(roles.Select(r => AuditText.Of($"Role.{r}")));

    // Identity reports a taken email twice (as the user name and as the email): each text is said once.
    private static string Describe(IdentityResult result) => string.Join(" ", result.Errors.Select(e => e.Description).Distinct());
}
