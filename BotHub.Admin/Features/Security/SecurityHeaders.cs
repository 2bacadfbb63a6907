using NetEscapades.AspNetCore.SecurityHeaders;

namespace BotHub.Admin.Features.Security;

/// <summary>
/// The response headers of every answer: a Content-Security-Policy fit for Blazor Server and MudBlazor, a
/// Permissions-Policy that turns off every device feature, HSTS on https, no Server header, and no caching of
/// anything but static files.
/// </summary>
public static class SecurityHeaders
{
    public static void AddSecurityHeaders(this WebApplicationBuilder builder)
    {
        builder.WebHost.ConfigureKestrel(k => k.AddServerHeader = false);
        builder.Services.AddSecurityHeaderPolicies().SetDefaultPolicy(p => p
            .AddContentTypeOptionsNoSniff()
            .AddFrameOptionsSameOrigin()
            .AddReferrerPolicySameOrigin()
            .AddCrossOriginOpenerPolicy(o => o.SameOrigin())
            .AddContentSecurityPolicy(ContentSecurityPolicy.Configure)
            .AddPermissionsPolicy(ContentSecurityPolicy.ConfigurePermissions));

        // A year, subdomains included (ASVS 3.4.1). Only https requests get it; loopback names are left out, so a
        // developer's browser does not pin http://localhost to https.
        builder.Services.AddHsts(o =>
        {
            o.MaxAge = TimeSpan.FromDays(365);
            o.IncludeSubDomains = true;
        });
        builder.AddForwardedHeaders();
    }

    /// <summary>First in the pipeline: the proxy's headers, then the headers every response carries.</summary>
    public static void UseSecurityHeaders(this WebApplication app)
    {
        app.UseForwardedHeaders();
        SecurityHeadersMiddlewareExtensions.UseSecurityHeaders(app);
        app.UseHsts();
        app.Use(NoStore.Apply);
    }

    /// <summary>The per-request nonce that lets the framework's one inline script (the import map) run.</summary>
    public static string Nonce(this HttpContext context) => context.GetNonce();
}
