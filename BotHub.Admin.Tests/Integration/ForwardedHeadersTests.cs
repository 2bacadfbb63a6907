using System.Net;
using BotHub.Admin.Data;
using BotHub.Admin.Features.Audit;
using BotHub.Admin.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BotHub.Admin.Tests.Integration;

/// <summary>
/// Behind a TLS proxy: the proxy (here the test, on 127.0.0.1) speaks plain HTTP to the app and says in
/// X-Forwarded-Proto and X-Forwarded-For what the browser used. Believed from a listed proxy only.
/// </summary>
public sealed class ForwardedHeadersTests(ForwardedHeadersTests.ListedProxyApp listed, ForwardedHeadersTests.UnlistedProxyApp unlisted)
    : IClassFixture<ForwardedHeadersTests.ListedProxyApp>, IClassFixture<ForwardedHeadersTests.UnlistedProxyApp>
{
    private const string Client = "203.0.113.7";
    private const string PublicHost = "admin.example";

    private static readonly Dictionary<string, string> FromProxy = new()
    {
        ["Host"] = PublicHost, ["X-Forwarded-Proto"] = "https", ["X-Forwarded-For"] = Client,
    };

    [Fact]
    public async Task FromAListedProxy_SignInIsHttps_CookiesSecure_HstsSent_AndTheAuditHasTheClientsAddress()
    {
        using var session = new HttpSession(listed, FromProxy);
        var response = await session.SignInAsync(TestApp.AdminEmail, TestApp.AdminPassword);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("; secure", Cookie(session, "BotHub.Auth"), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; secure", Cookie(session, ".AspNetCore.Antiforgery."), StringComparison.OrdinalIgnoreCase);
        Assert.Equal("max-age=31536000; includeSubDomains", Assert.Single(response.Headers.GetValues("Strict-Transport-Security")));
        Assert.Equal(Client, await LastSignInAddressAsync(listed));

        // Once signed in, the pages answer over the proxy too (the Secure cookie goes back through it).
        var home = await session.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
    }

    [Fact]
    public async Task FromAListedProxy_ALoopbackHostGetsNoHsts()
    {
        using var session = new HttpSession(listed, new Dictionary<string, string>(FromProxy) { ["Host"] = "localhost" });
        var response = await session.GetAsync("/Account/Login");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task FromAnUnlistedAddress_TheSameHeadersAreIgnored()
    {
        using var session = new HttpSession(unlisted, FromProxy);
        var response = await session.SignInAsync(TestApp.AdminEmail, TestApp.AdminPassword);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.DoesNotContain("; secure", Cookie(session, "BotHub.Auth"), StringComparison.OrdinalIgnoreCase);
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
        Assert.Equal("127.0.0.1", await LastSignInAddressAsync(unlisted));
    }

    private static string Cookie(HttpSession session, string prefix) =>
        session.SetCookies.Last(c => c.StartsWith(prefix, StringComparison.Ordinal));

    private static async Task<string?> LastSignInAddressAsync(TestApp app)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(ct);
        return await db.AuditEntries.Where(e => e.Kind == AuditKind.SignIn).OrderByDescending(e => e.Id).Select(e => e.Address).FirstAsync(ct);
    }

    /// <summary>The app with the test's address listed as its proxy, and the public host name allowed.</summary>
    public sealed class ListedProxyApp : TestApp
    {
        protected override IDictionary<string, string?> Settings => WithProxy(base.Settings, "127.0.0.1", "10.1.0.0/16");
    }

    /// <summary>The app with other proxies listed: the test's address is not one of them.</summary>
    public sealed class UnlistedProxyApp : TestApp
    {
        protected override IDictionary<string, string?> Settings => WithProxy(base.Settings, "10.0.0.5", "192.168.0.0/16");
    }

    private static IDictionary<string, string?> WithProxy(IDictionary<string, string?> s, string proxy, string network)
    {
        s["ForwardedHeaders:KnownProxies:0"] = proxy;
        s["ForwardedHeaders:KnownNetworks:0"] = network;
        s["AllowedHosts"] = $"{PublicHost};localhost;127.0.0.1";
        return s;
    }
}
