using System.Net;
using BotHub.Admin.Tests.Infrastructure;

namespace BotHub.Admin.Tests.Integration;

/// <summary>AllowedHosts as the configuration file ships it: the loopback names only.</summary>
public sealed class AllowedHostsTests(TestApp app) : IClassFixture<TestApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/")]
    [InlineData("/Account/Login")]
    [InlineData("/culture/set?culture=en&redirectUri=/")]
    [InlineData("/recipients/export.csv")]
    public async Task AForeignHost_IsRefused_AndNoRedirectPointsAtIt(string path)
    {
        using var session = new HttpSession(app, new Dictionary<string, string> { ["Host"] = "evil.example" });
        var response = await session.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.DoesNotContain("evil.example", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("127.0.0.1")]
    [InlineData("[::1]")]
    public async Task TheLoopbackNames_AreServed(string host)
    {
        using var session = new HttpSession(app, new Dictionary<string, string> { ["Host"] = $"{host}:{app.BaseUrl.Port}" });

        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/Account/Login")).StatusCode);
        var redirect = await session.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        // Sign-in redirects are absolute, built from the Host header: the reason a foreign one must not get this far.
        Assert.Equal($"http://{host}:{app.BaseUrl.Port}/Account/Login?ReturnUrl=%2F", redirect.Headers.Location!.OriginalString);
    }
}
