using System.Globalization;
using Microsoft.AspNetCore.Authentication;
using System.Security.Claims;
using System.Threading.RateLimiting;
using BotHub.Admin.Features.Audit;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace BotHub.Admin.Components.Account.Throttle;

/// <summary>
/// ASP.NET Core's rate limiter on the posts of the sign-in and code pages (their pages themselves are not counted): so
/// many per window from one client address, and so many naming one account from any address. A refused post is
/// answered 429 with Retry-After and a page saying how long to wait; it writes no audit row, but the first refusal of
/// each window writes one, so failed sign-ins cannot grow the log faster than the limits allow.
/// </summary>
public static class SignInThrottle
{
    /// <summary>The posts counted; the value says how the account is named in the post.</summary>
    private static readonly Dictionary<string, bool> Paths = new(StringComparer.OrdinalIgnoreCase)
    {
        ["/Account/Login"] = true,
        ["/Account/LoginWith2fa"] = false,
        ["/Account/LoginWithRecoveryCode"] = false,
    };

    private const string AddressKey = "BotHub.SignIn.Address";
    private const string AccountKey = "BotHub.SignIn.Account";

    public static void AddSignInThrottle(this IServiceCollection services)
    {
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<TimeProvider, IOptions<AuthOptions>>((o, time, auth) =>
        {
            var a = auth.Value;
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                Limiter(AddressKey, a.SignInLimitPerAddress, a.SignInWindow, time),
                Limiter(AccountKey, a.SignInLimitPerAccount, a.SignInWindow, time));
            o.OnRejected = RejectAsync;
        });
    }

    /// <summary>Reads what the limiter keys on (the form is read here, asynchronously, and kept for the page), then limits.</summary>
    public static void UseSignInThrottle(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (HttpMethods.IsPost(context.Request.Method) && Paths.TryGetValue(context.Request.Path.Value ?? "", out var namedByEmail))
            {
                context.Items[AddressKey] = "address:" + Address(context);
                context.Items[AccountKey] = await AccountAsync(context, namedByEmail);
            }

            await next(context);
        });
        app.UseRateLimiter();
    }

    private static PartitionedRateLimiter<HttpContext> Limiter(string key, int permits, TimeSpan window, TimeProvider time) =>
        PartitionedRateLimiter.Create<HttpContext, string>(context => context.Items[key] is string name
            ? RateLimitPartition.Get(name, n => new WindowLimiter(time, permits, window, n))
            : RateLimitPartition.GetNoLimiter(""));

    private static string Address(HttpContext context)
    {
        var ip = context.Connection.RemoteIpAddress;
        return ip is null ? "unknown" : (ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip).ToString();
    }

    private static async Task<string?> AccountAsync(HttpContext context, bool namedByEmail)
    {
        if (namedByEmail)
        {
            if (!context.Request.HasFormContentType)
            {
                return null;
            }

            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            var email = form["Input.Email"].ToString().Trim();
            return email.Length == 0 ? null : "account:" + email.ToUpperInvariant();
        }

        // The code pages: the account is the one whose password was just checked (Identity's two-step cookie).
        var pending = await context.AuthenticateAsync(IdentityConstants.TwoFactorUserIdScheme);
        return pending.Principal?.FindFirstValue(ClaimTypes.Name) is { } userId ? "account-id:" + userId : null;
    }

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken ct)
    {
        var context = rejected.HttpContext;
        var lease = rejected.Lease;
        var wait = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromMinutes(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);

        if (lease.TryGetMetadata(WindowLimiter.Report, out var report) && report is RefusalReport r && r.TryClaim())
        {
            var partition = lease.TryGetMetadata(WindowLimiter.Partition, out var name) ? name as string : null;
            var audit = context.RequestServices.GetRequiredService<AuditLog>();
            await audit.WriteAsync(new AuditActor(null, null, Address(context)), AuditKind.SignInThrottled, partition,
                AuditText.Of("AuditDetail.Throttled", context.Request.Path.ToString(), seconds), ct);
        }

        var page = new RazorComponentResult<TooManyAttempts>(new Dictionary<string, object?> { [nameof(TooManyAttempts.Seconds)] = seconds })
        {
            StatusCode = StatusCodes.Status429TooManyRequests,
        };
        await page.ExecuteAsync(context);
    }
}
