using System.Net;
using System.Reflection;
using System.Text.RegularExpressions;
using BotHub.Admin.Features.Users;
using BotHub.Admin.Tests.Infrastructure;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.StaticAssets;
using Microsoft.Extensions.DependencyInjection;
using BotHub.Admin.Features.Security;

namespace BotHub.Admin.Tests.Integration;

/// <summary>
/// Every routable page (found by reflection) and every endpoint (from the app's endpoint data source), asked by an
/// anonymous caller, Staff, a Manager and an Admin, against the README's role table. A new route fails here until it
/// has a line in <see cref="Expected"/>.
/// </summary>
public sealed partial class AuthorizationMatrixTests(AuthorizationMatrixTests.MatrixApp app) : IClassFixture<AuthorizationMatrixTests.MatrixApp>
{
    public enum Access
    {
        Anyone,
        SignedIn,
        Staff,
        Manager,
        Admin,
    }

    /// <summary>
    /// The README's roles: Staff opens Dashboard, Compose, Broadcasts, Recipients; Manager also Tier usage; Admin
    /// everything, also API keys, Users and the Audit log. Pages by route; other endpoints by method and route.
    /// </summary>
    private static readonly Dictionary<string, Access> Expected = new()
    {
        ["/"] = Access.SignedIn, // the dashboard: every role, its cards follow the role
        ["/compose"] = Access.Staff,
        ["/compose/drafts"] = Access.Staff,
        ["/broadcasts"] = Access.Staff,
        ["/broadcasts/{Id:int}"] = Access.Staff,
        ["/recipients"] = Access.Staff,
        ["/tiers"] = Access.Manager,
        ["/keys"] = Access.Admin,
        ["/users"] = Access.Admin,
        ["/audit"] = Access.Admin,
        ["/Account/Login"] = Access.Anyone,
        ["/Account/ChangePassword"] = Access.SignedIn,
        ["/Account/AccessDenied"] = Access.SignedIn,
        ["/Account/LoginWith2fa"] = Access.Anyone, // the second step: without the first step's cookie it starts again
        ["/Account/LoginWithRecoveryCode"] = Access.Anyone,
        ["/Account/TwoFactor"] = Access.SignedIn,
        ["/Account/EnableAuthenticator"] = Access.SignedIn,
        ["/Account/GenerateRecoveryCodes"] = Access.SignedIn,
        ["/Account/DisableTwoFactor"] = Access.SignedIn,
        ["/account/sessions"] = Access.SignedIn,
        ["/not-found"] = Access.Anyone,
        ["/Error"] = Access.Anyone,

        ["GET /recipients/export.csv"] = Access.Staff,
        ["GET /recipients/rejects/{id:guid}"] = Access.Staff,
        ["GET /broadcasts/{id:int}/deliveries.csv"] = Access.Staff,
        ["GET /broadcasts/{id:int}/failures.csv"] = Access.Staff,
        ["GET /tiers/export.csv"] = Access.Manager,
        ["GET /audit/export.csv"] = Access.Admin,
        ["POST /Account/Logout"] = Access.Anyone,
        ["GET /culture/set"] = Access.Anyone,
        ["ANY /healthz"] = Access.Anyone,
        ["POST /webhooks/bsp/{bot}"] = Access.Anyone, // the provider's: its signature is its credential
        // The circuit's plumbing (any method): a signed-in user (the fallback policy); within the circuit each page
        // checks its own policy. Anonymous pages (sign-in) are plain HTTP forms and need no circuit.
        ["ANY /_blazor"] = Access.SignedIn,
        ["ANY /_blazor/negotiate"] = Access.SignedIn,
        ["ANY /_blazor/disconnect/"] = Access.SignedIn,
        ["ANY /_blazor/initializers/"] = Access.SignedIn,
        ["GET /_framework/opaque-redirect"] = Access.SignedIn, // enhanced navigation's redirects
        ["GET,HEAD /{**path:file}"] = Access.Anyone, // Development only: files added to wwwroot since the build
        [StaticFiles] = Access.Anyone,
    };

    /// <summary>
    /// Pages that are a later step of something: opened directly by one who may open them, they send the caller to its start
    /// (the code step without the password step; new recovery codes while two-step sign-in is off).
    /// </summary>
    private static readonly Dictionary<string, string> StepPages = new()
    {
        ["/Account/LoginWith2fa"] = "/Account/Login",
        ["/Account/LoginWithRecoveryCode"] = "/Account/Login",
        ["/Account/GenerateRecoveryCodes"] = "/Account/TwoFactor",
    };

    /// <summary>Every file endpoint of MapStaticAssets, as one line: files hold no data.</summary>
    private const string StaticFiles = "static files";

    private static readonly (string Name, Access Rank)[] Callers =
        [("anonymous", Access.Anyone), (Roles.Staff, Access.Staff), (Roles.Manager, Access.Manager), (Roles.Admin, Access.Admin)];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EveryRoute_AnswersEachRole_AsTheRoleTableSays()
    {
        var routes = DiscoverRoutes();
        var missing = routes.Select(r => r.Key).Distinct().Where(k => !Expected.ContainsKey(k)).ToList();
        var stale = Expected.Keys.Where(k => routes.All(r => r.Key != k)).ToList();
        Assert.True(missing.Count == 0, "Routes missing from the table: " + string.Join(", ", missing));
        Assert.True(stale.Count == 0, "Routes in the table that the app no longer has: " + string.Join(", ", stale));

        var broadcast = await app.SeedBroadcastAsync();
        var failures = new List<string>();
        var asked = 0;
        foreach (var (name, rank) in Callers)
        {
            using var session = await SessionAsync(name);
            // Signing out last: it ends the session the other requests use.
            foreach (var route in routes.OrderBy(r => r.Key == "POST /Account/Logout"))
            {
                if (route.Key == StaticFiles && rank != Access.Anyone)
                {
                    continue; // files: once, anonymously
                }

                var request = SampleRequest(route, broadcast);
                var expected = rank >= Expected[route.Key] ? Answer.Served : rank == Access.Anyone ? Answer.SentToSignIn : Answer.Denied;
                var response = await session.SendAsync(request);
                asked++;
                if (expected == Answer.Served && StepPages.TryGetValue(route.Key, out var start))
                {
                    if (response.StatusCode != HttpStatusCode.Redirect || response.Headers.Location?.AbsolutePath != start)
                    {
                        failures.Add($"{request.Method} {request.RequestUri} ({route.Key}) as {name}: expected to be sent to {start}, got "
                            + $"{(int)response.StatusCode} {response.Headers.Location}");
                    }

                    continue;
                }

                var actual = await ClassifyAsync(session, response, route.IsPage && route.Key != "/Account/AccessDenied");
                if (actual != expected)
                {
                    failures.Add($"{request.Method} {request.RequestUri} ({route.Key}) as {name}: expected {expected}, got {actual} "
                        + $"({(int)response.StatusCode} {response.Headers.Location})");
                }
            }
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"{routes.Count(r => r.IsPage)} pages, {routes.Count(r => !r.IsPage && r.Key != StaticFiles)} endpoints, "
            + $"{routes.Count(r => r.Key == StaticFiles)} static files; {asked} requests");
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    private enum Answer
    {
        Served,
        SentToSignIn,
        Denied,
        Broken,
    }

    /// <summary>
    /// What the caller met: the sign-in page (with a way back), "Access denied", or the route itself. A page is
    /// checked as a person sees it: "Access denied" after the redirect, and not on a page they may open.
    /// </summary>
    private async Task<Answer> ClassifyAsync(HttpSession session, HttpResponseMessage response, bool isPage)
    {
        var location = response.Headers.Location is { } l ? new Uri(app.BaseUrl, l) : null;
        if (response.StatusCode == HttpStatusCode.Unauthorized
            || (location?.AbsolutePath == "/Account/Login" && location.Query.Contains("ReturnUrl=", StringComparison.Ordinal)))
        {
            return Answer.SentToSignIn;
        }

        if (response.StatusCode == HttpStatusCode.Forbidden || location?.AbsolutePath == "/Account/AccessDenied")
        {
            return !isPage || await ShowsAccessDeniedAsync(await session.GetAsync(location!.PathAndQuery)) ? Answer.Denied : Answer.Broken;
        }

        if ((int)response.StatusCode >= 500)
        {
            return Answer.Broken;
        }

        return !isPage || (response.StatusCode == HttpStatusCode.OK && !await ShowsAccessDeniedAsync(response)) ? Answer.Served : Answer.Broken;
    }

    private static async Task<bool> ShowsAccessDeniedAsync(HttpResponseMessage page) =>
        AccessDeniedHeading().IsMatch(await page.Content.ReadAsStringAsync(Ct));

    private async Task<HttpSession> SessionAsync(string role)
    {
        var session = new HttpSession(app);
        if (role == "anonymous")
        {
            return session;
        }

        var email = $"matrix.{role.ToLowerInvariant()}@test.local";
        if (role == Roles.Admin)
        {
            email = TestApp.AdminEmail;
        }
        else
        {
            await app.CreateUserAsync(email, "matrix passphrase one", role);
        }

        var signedIn = await session.SignInAsync(email, role == Roles.Admin ? TestApp.AdminPassword : "matrix passphrase one");
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        return session;
    }

    /// <summary>A request for the route, with a sample for each parameter; a new parameter needs a sample here.</summary>
    private static HttpRequestMessage SampleRequest(Route route, int broadcast)
    {
        var path = RouteParameter().Replace(route.Template, m => m.Groups[1].Value.ToLowerInvariant() switch
        {
            "id" when m.Value.Contains(":int", StringComparison.Ordinal) => broadcast.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "id" when m.Value.Contains(":guid", StringComparison.Ordinal) => Guid.NewGuid().ToString(),
            "bot" => ChannelTestApp.BotPhone,
            "path" => "favicon.svg",
            _ => throw new InvalidOperationException($"No sample value for {m.Value} in {route.Template}: add one to SampleRequest."),
        });
        if (route.Key == "GET /culture/set")
        {
            path += "?culture=en&redirectUri=/";
        }

        var request = new HttpRequestMessage(new HttpMethod(route.Method), path);
        if (route.Key == "POST /webhooks/bsp/{bot}")
        {
            // Signed as the provider signs: the signature lets it past; the (empty) payload is then refused as such.
            var body = "{}"u8.ToArray();
            request.Content = new ByteArrayContent(body) { Headers = { ContentType = new("application/json") } };
            request.Headers.Add(Features.Provider.Webhook.WebhookSignature.Header,
                Features.Provider.Webhook.WebhookSignature.Sign(body, ChannelTestApp.WebhookSecret));
        }
        else if (route.Method == "POST")
        {
            request.Content = new ByteArrayContent([]);
        }

        return request;
    }

    /// <summary>Pages by reflection over the app's components; endpoints (and the pages again) from the running app.</summary>
    private List<Route> DiscoverRoutes()
    {
        var pages = typeof(Program).Assembly.GetTypes()
            .Where(t => typeof(IComponent).IsAssignableFrom(t))
            .SelectMany(t => t.GetCustomAttributes<RouteAttribute>())
            .Select(a => new Route(a.Template, a.Template, "GET", IsPage: true))
            .ToList();

        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        var pageEndpoints = endpoints.Where(e => e.Metadata.GetMetadata<ComponentTypeMetadata>() is not null)
            .Select(e => e.RoutePattern.RawText!).ToHashSet();
        var unmapped = pages.Where(p => !pageEndpoints.Contains(p.Template)).Select(p => p.Template).ToList();
        Assert.True(unmapped.Count == 0, "Pages the app does not serve: " + string.Join(", ", unmapped));

        var others = endpoints.Where(e => e.Metadata.GetMetadata<ComponentTypeMetadata>() is null).Select(e =>
        {
            var template = "/" + e.RoutePattern.RawText!.TrimStart('/');
            if (e.Metadata.GetMetadata<StaticAssetDescriptor>() is not null)
            {
                return new Route(StaticFiles, template, "GET", IsPage: false);
            }

            var methods = e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods;
            return methods is null
                ? new Route($"ANY {template}", template, "GET", IsPage: false)
                : new Route($"{string.Join(",", methods)} {template}", template, methods[0], IsPage: false);
        });
        return [.. pages, .. others];
    }

    private sealed record Route(string Key, string Template, string Method, bool IsPage);

    [GeneratedRegex(@"\{\**([A-Za-z]+)(:[^}]+)?\}")]
    private static partial Regex RouteParameter();

    [GeneratedRegex("<h1[^>]*>\\s*Access denied\\s*</h1>")]
    private static partial Regex AccessDeniedHeading();

    /// <summary>The app with a channel (its webhook secret signs the sample webhook) and a broadcast for the routes with an id.</summary>
    public sealed class MatrixApp : ChannelTestApp
    {
        public async Task<int> SeedBroadcastAsync()
        {
            await using var db = await Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<Data.AppDbContext>>()
                .CreateDbContextAsync(Ct);
            var channel = await db.AddChannelAsync("Matrix");
            return (await db.AddBroadcastAsync(channel, Features.Sending.BroadcastState.Completed, DateTime.UtcNow.AddHours(-1), "Hello",
                BroadcastSeed.Delivery("+4915500000041", Features.Sending.DeliveryState.Sent))).Id;
        }
    }
}
