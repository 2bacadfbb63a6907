using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace BotHub.Admin.Features.Sessions;

public static class SessionsFeature
{
    /// <summary>Server-side sessions for the sign-in cookie: a store in the database, idle and absolute ends, a clean-up.</summary>
    public static IServiceCollection AddSessions(this IServiceCollection services)
    {
        services.AddOptions<SessionOptions>().BindConfiguration(SessionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<SessionTicketStore>();
        services.AddSingleton<UserSessions>();
        services.AddSingleton<IPostConfigureOptions<CookieAuthenticationOptions>, SessionCookieSetup>();
        services.AddHostedService<SessionCleanup>();

        // When the security stamp check makes a fresh principal, it keeps naming the same session.
        services.AddOptions<SecurityStampValidatorOptions>().Configure(o => o.OnRefreshingPrincipal = context =>
        {
            if (context.CurrentPrincipal is { } current && SessionTicketStore.IdOf(current) is { } id
                && context.NewPrincipal?.Identity is System.Security.Claims.ClaimsIdentity identity
                && SessionTicketStore.IdOf(context.NewPrincipal) is null)
            {
                identity.AddClaim(new System.Security.Claims.Claim(SessionTicketStore.SessionClaim, id));
            }

            return Task.CompletedTask;
        });
        return services;
    }

    /// <summary>Tells each open page's revalidation whether the page is in use (see <see cref="CircuitActivity"/>).</summary>
    public static IServiceCollection AddCircuitActivity(this IServiceCollection services) =>
        services.AddScoped<CircuitActivity>()
            .AddScoped<Microsoft.AspNetCore.Components.Server.Circuits.CircuitHandler>(sp => sp.GetRequiredService<CircuitActivity>());

    /// <summary>The application cookie (Identity's scheme only) keeps its ticket in the database and slides for the idle timeout.</summary>
    private sealed class SessionCookieSetup(SessionTicketStore store, IOptions<SessionOptions> options)
        : IPostConfigureOptions<CookieAuthenticationOptions>
    {
        public void PostConfigure(string? name, CookieAuthenticationOptions o)
        {
            if (name != IdentityConstants.ApplicationScheme)
            {
                return;
            }

            o.SessionStore = store;
            o.SlidingExpiration = true;
            o.ExpireTimeSpan = options.Value.SessionIdleTimeout < options.Value.AbsoluteSessionLifetime
                ? options.Value.SessionIdleTimeout
                : options.Value.AbsoluteSessionLifetime;
        }
    }
}
