using System.Net;

namespace BotHub.Admin.Features.Security;

/// <summary>
/// A failure shows the friendly /Error page to every client. The developer exception page (stack traces) is shown only
/// when Diagnostics:DeveloperExceptionPage is true, in Development, and only to a request from this machine; the
/// README's "dotnet run" (Development) does not turn it on.
/// </summary>
public static class ErrorPages
{
    public const string DeveloperPageKey = "Diagnostics:DeveloperExceptionPage";

    public static void AddErrorPages(this WebApplicationBuilder builder) =>
        // A bad query or route value is a 400, never an exception (minimal APIs throw on it in Development by default).
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = false);

    public static void UseErrorPages(this WebApplication app)
    {
        var developerPage = app.Environment.IsDevelopment() && app.Configuration.GetValue<bool>(DeveloperPageKey);
        // In Development the host puts its developer exception page first; this handler, inside it, catches first.
        app.UseWhen(context => !(developerPage && IsLoopback(context)),
            branch => branch.UseExceptionHandler("/Error", createScopeForErrors: true));
    }

    private static bool IsLoopback(HttpContext context) =>
        context.Connection.RemoteIpAddress is { } address && IPAddress.IsLoopback(address);
}
