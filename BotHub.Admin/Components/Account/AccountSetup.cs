using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.Extensions.Options;

namespace BotHub.Admin.Components.Account;

/// <summary>
/// A person with a step left (see <see cref="AccountClaims"/>) may reach that step's pages and nothing else: every
/// policy (named, default and fallback) carries <see cref="AccountReadyRequirement"/>, except the two below, and a
/// refusal on that requirement sends the browser to the step.
/// </summary>
public static class AccountSetup
{
    public const string ClaimType = "bothub:setup";
    public const string Password = "password";
    public const string TwoFactor = "two-factor";

    /// <summary>Change password: any signed-in person.</summary>
    public const string PasswordPolicy = "Account.Password";

    /// <summary>Two-step sign-in pages: signed in, and no made-up password left to change.</summary>
    public const string TwoFactorPolicy = "Account.TwoFactor";

    public const string ChangePasswordPath = "/Account/ChangePassword";
    public const string EnrolPath = "/Account/EnableAuthenticator";

    /// <summary>Where the person must go first, or null when nothing is left to do.</summary>
    public static string? NextStep(ClaimsPrincipal user) =>
        user.HasClaim(ClaimType, Password) ? ChangePasswordPath
        : user.HasClaim(ClaimType, TwoFactor) ? EnrolPath
        : null;

    public static void AddAccountSetup(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder()
            .AddPolicy(PasswordPolicy, p => p.RequireAuthenticatedUser())
            .AddPolicy(TwoFactorPolicy, p => p.RequireAuthenticatedUser().AddRequirements(new AccountReadyRequirement(twoFactorStepAllowed: true)));
        services.AddSingleton<IAuthorizationPolicyProvider, AccountSetupPolicyProvider>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, AccountSetupResultHandler>();
    }
}

/// <summary>Met when no set-up step is left (or only two-step set-up, where that is allowed). Its own handler.</summary>
public sealed class AccountReadyRequirement(bool twoFactorStepAllowed) : AuthorizationHandler<AccountReadyRequirement>, IAuthorizationRequirement
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, AccountReadyRequirement requirement)
    {
        var user = context.User;
        if (!user.HasClaim(AccountSetup.ClaimType, AccountSetup.Password)
            && (twoFactorStepAllowed || !user.HasClaim(AccountSetup.ClaimType, AccountSetup.TwoFactor)))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}

/// <summary>The app's policies, each with <see cref="AccountReadyRequirement"/> added (but the set-up pages' own).</summary>
public sealed class AccountSetupPolicyProvider(IOptions<AuthorizationOptions> options) : IAuthorizationPolicyProvider
{
    private static readonly AccountReadyRequirement Ready = new(twoFactorStepAllowed: false);
    private readonly DefaultAuthorizationPolicyProvider _inner = new(options);
    private readonly ConcurrentDictionary<string, AuthorizationPolicy> _named = new(StringComparer.Ordinal);
    private AuthorizationPolicy? _default;
    private AuthorizationPolicy? _fallback;

    public async Task<AuthorizationPolicy?> GetPolicyAsync(string policyName)
    {
        var policy = await _inner.GetPolicyAsync(policyName);
        return policy is null || policyName is AccountSetup.PasswordPolicy or AccountSetup.TwoFactorPolicy
            ? policy
            : _named.GetOrAdd(policyName, _ => WithReady(policy));
    }

    public async Task<AuthorizationPolicy> GetDefaultPolicyAsync() => _default ??= WithReady(await _inner.GetDefaultPolicyAsync());

    public async Task<AuthorizationPolicy?> GetFallbackPolicyAsync() =>
        _fallback ??= await _inner.GetFallbackPolicyAsync() is { } policy ? WithReady(policy) : null;

    private static AuthorizationPolicy WithReady(AuthorizationPolicy policy) =>
        new AuthorizationPolicyBuilder(policy).AddRequirements(Ready).Build();
}

/// <summary>A refusal because a set-up step is left sends the browser there; any other result goes on as usual.</summary>
public sealed class AccountSetupResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Forbidden
            && authorizeResult.AuthorizationFailure?.FailedRequirements.OfType<AccountReadyRequirement>().Any() == true
            && AccountSetup.NextStep(context.User) is { } step)
        {
            context.Response.Redirect(step);
            return Task.CompletedTask;
        }

        return _default.HandleAsync(next, context, policy, authorizeResult);
    }
}
