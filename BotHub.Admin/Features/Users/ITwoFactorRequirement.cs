using BotHub.Admin.Features.Security;

namespace BotHub.Admin.Features.Users;

/// <summary>Which roles must use two-step sign-in: kept by the account feature (sign-in enforces it), changed from the Users page.</summary>
public interface ITwoFactorRequirement
{
    /// <summary>Roles from the setting; these stay required whatever the Users page says.</summary>
    IReadOnlyList<string> Configured { get; }

    /// <summary>Whether an administrator asked for every role.</summary>
    Task<bool> EveryRoleAsync(CancellationToken ct = default);

    Task SetEveryRoleAsync(bool required, CancellationToken ct = default);
}
