using Microsoft.AspNetCore.Authorization;

namespace BotHub.Admin.Features.Security;

public static class Roles
{
    public const string Admin = "Admin";
    public const string Manager = "Manager";
    public const string Staff = "Staff";

    public static IReadOnlyList<string> All { get; } = [Admin, Manager, Staff];
}

/// <summary>Every page and endpoint names one of these. Higher roles include what lower ones may do.</summary>
public static class Policies
{
    /// <summary>Compose, broadcasts, recipients.</summary>
    public const string Staff = "Staff";

    /// <summary>Staff's pages plus tier usage.</summary>
    public const string Manager = "Manager";

    /// <summary>Everything, including API keys, users and the audit log.</summary>
    public const string Admin = "Admin";

    public static AuthorizationBuilder AddBotHubPolicies(this AuthorizationBuilder auth) => auth
        .AddPolicy(Staff, p => p.RequireRole(Roles.Staff, Roles.Manager, Roles.Admin))
        .AddPolicy(Manager, p => p.RequireRole(Roles.Manager, Roles.Admin))
        .AddPolicy(Admin, p => p.RequireRole(Roles.Admin))
        .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
}
