using BotHub.Admin.Components.Account.Throttle;
using BotHub.Admin.Components.Account.TwoFactor;
using BotHub.Admin.Data;
using BotHub.Admin.Features.Audit;
using BotHub.Admin.Features.Security;
using BotHub.Admin.Features.Sessions;
using BotHub.Admin.Features.Users;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace BotHub.Admin.Components.Account;

public static class AccountFeature
{
    public static void AddAccount(this WebApplicationBuilder builder)
    {
        builder.Services.AddAccountServices();
        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddScoped<AuthenticationStateProvider, RevalidatingAuthStateProvider>();
        builder.Services.AddCircuitActivity();

        builder.Services.AddAuthentication(o =>
            {
                o.DefaultScheme = IdentityConstants.ApplicationScheme;
                o.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddIdentityCookies();
        builder.Services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/Account/Login";
            o.LogoutPath = "/Account/Logout";
            o.AccessDeniedPath = "/Account/AccessDenied";
            o.Cookie.Name = "BotHub.Auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            // Its idle and absolute ends and its store in the database: AddSessions.
        });
        builder.Services.AddAntiforgery(o =>
        {
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.Cookie.SameSite = SameSiteMode.Strict;
        });
        builder.Services.AddAuthorizationBuilder().AddBotHubPolicies();
        builder.Services.AddAccountSetup();
        builder.Services.AddSignInThrottle();
    }

    /// <summary>Identity and its options: what sign-in needs, without the web parts (tests use this).</summary>
    public static IServiceCollection AddAccountServices(this IServiceCollection services)
    {
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section).ValidateDataAnnotations().ValidateOnStart()
            .Configure<IConfiguration, IServiceProvider>((o, config, sp) =>
                o.RequireMfaFor = TwoFactorRoles.FromConfiguration(config, sp.GetService<IHostEnvironment>()?.IsDevelopment() ?? false));
        services.AddSingleton<TwoFactorRoles>();
        services.AddSingleton<ITwoFactorRequirement>(sp => sp.GetRequiredService<TwoFactorRoles>());
        services.AddOptions<BootstrapOptions>().BindConfiguration(BootstrapOptions.Section);
        services.AddLocalization();
        services.AddHttpContextAccessor();
        // The default token providers (password reset) need data protection; the web host adds it, a bare container does not.
        services.AddDataProtection();
        services.AddSessions();

        services.AddIdentityCore<AppUser>(o =>
            {
                PasswordRules.Configure(o.Password);
                o.User.RequireUniqueEmail = true;
                o.SignIn.RequireConfirmedAccount = false;
                o.Lockout.AllowedForNewUsers = true;
            })
            .AddRoles<IdentityRole>()
            .AddClaimsPrincipalFactory<AccountClaims>()
            .AddEntityFrameworkStores<AppDbContext>()
            .AddSignInManager<AppSignInManager>()
            .AddDefaultTokenProviders()
            .AddErrorDescriber<LocalizedIdentityErrors>()
            .AddPasswordValidator<PasswordPolicyValidator>();

        services.AddOptions<IdentityOptions>().Configure<IOptions<AuthOptions>>((o, auth) =>
        {
            o.Lockout.MaxFailedAccessAttempts = auth.Value.MaxFailedAttempts;
            o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(auth.Value.LockoutMinutes);
        });
        services.AddOptions<SecurityStampValidatorOptions>().Configure<IOptions<AuthOptions>>((o, auth) =>
            o.ValidationInterval = auth.Value.RevalidationInterval);
        return services;
    }

    public static void MapAccount(this WebApplication app)
    {
        app.MapPost("/Account/Logout", async (HttpContext context, SignInManager<AppUser> signIn, AuditLog audit) =>
        {
            if (context.User.Identity?.IsAuthenticated == true)
            {
                await audit.WriteAsync(CurrentActor.FromRequest(context), AuditKind.SignOut);
            }

            await signIn.SignOutAsync();
            return TypedResults.LocalRedirect("~/Account/Login");
        }).AllowAnonymous();
    }
}
