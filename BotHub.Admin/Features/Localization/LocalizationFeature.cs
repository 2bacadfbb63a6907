using System.Globalization;
using Microsoft.AspNetCore.Localization;

namespace BotHub.Admin.Features.Localization;

public static class LocalizationFeature
{
    /// <summary>The languages the UI speaks, with the name each is shown by in the switch.</summary>
    public static IReadOnlyList<(string Culture, string Name)> Languages { get; } = [("en", "English"), ("zh-CN", "中文")];

    public static void AddAppLocalization(this WebApplicationBuilder builder)
    {
        builder.Services.AddLocalization();
        builder.Services.AddTransient<MudBlazor.MudLocalizer, AppMudLocalizer>();
        builder.Services.Configure<RequestLocalizationOptions>(o =>
        {
            var cultures = Languages.Select(l => new CultureInfo(l.Culture)).ToList();
            o.DefaultRequestCulture = new RequestCulture("en");
            o.SupportedCultures = cultures;
            o.SupportedUICultures = cultures;
            o.FallBackToParentCultures = true;
            o.FallBackToParentUICultures = true;
        });
    }

    public static void MapAppLocalization(this WebApplication app)
    {
        // A full request, not a circuit, sets the cookie; the page then reloads in the new language.
        app.MapGet("/culture/set", (HttpContext context, string culture, string? redirectUri) =>
        {
            if (Languages.Any(l => l.Culture == culture))
            {
                context.Response.Cookies.Append(
                    CookieRequestCultureProvider.DefaultCookieName,
                    CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                    new CookieOptions
                    {
                        Expires = DateTimeOffset.UtcNow.AddYears(1),
                        HttpOnly = true,
                        IsEssential = true,
                        SameSite = SameSiteMode.Lax,
                        Secure = context.Request.IsHttps,
                    });
            }

            return Results.LocalRedirect(IsLocal(redirectUri) ? redirectUri! : "/");
        }).AllowAnonymous();
    }

    /// <summary>
    /// Only a path on this site: no scheme, no host, no "//" or "/\" tricks, and only printable ASCII (a browser sends
    /// anything else percent-encoded), so a tab, NUL or raw non-ASCII character cannot make the redirect fail or mislead.
    /// </summary>
    public static bool IsLocal(string? uri) =>
        !string.IsNullOrEmpty(uri) && uri[0] == '/' && (uri.Length == 1 || (uri[1] != '/' && uri[1] != '\\'))
        && uri.All(c => c is > ' ' and < '\x7F');
}
