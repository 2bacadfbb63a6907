namespace BotHub.Admin.Features.Security;

/// <summary>
/// Nothing with data in it stays in a browser's or a proxy's cache: downloads (phone numbers, the audit log) and
/// account pages always answer <c>no-store</c>; so does every other answer that set no caching of its own. Static
/// files keep theirs (they hold no data, and fingerprinted ones are cached for a year).
/// </summary>
public static class NoStore
{
    public const string Value = "no-store";

    public static Task Apply(HttpContext context, RequestDelegate next)
    {
        context.Response.OnStarting(() =>
        {
            var response = context.Response;
            if (IsDownload(response) || context.Request.Path.StartsWithSegments("/Account", StringComparison.OrdinalIgnoreCase)
                || string.IsNullOrEmpty(response.Headers.CacheControl))
            {
                response.Headers.CacheControl = Value;
                response.Headers.Pragma = "no-cache";
            }

            return Task.CompletedTask;
        });
        return next(context);
    }

    private static bool IsDownload(HttpResponse response) =>
        response.Headers.ContentDisposition.ToString().StartsWith("attachment", StringComparison.OrdinalIgnoreCase)
        || response.ContentType?.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase) == true;
}
