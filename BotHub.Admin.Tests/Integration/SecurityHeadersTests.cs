using System.Net;
using System.Text.RegularExpressions;
using BotHub.Admin.Data;
using BotHub.Admin.Features.Broadcasts;
using BotHub.Admin.Features.Recipients.Csv;
using BotHub.Admin.Features.Users;
using BotHub.Admin.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using BotHub.Admin.Features.Sending;

namespace BotHub.Admin.Tests.Integration;

/// <summary>The response headers of the real app: the CSP, Permissions-Policy, no Server header, and no-store on data.</summary>
public sealed partial class SecurityHeadersTests(TestApp app) : IClassFixture<TestApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Pages_CarryOneContentSecurityPolicy_OfTheAppItselfOnly()
    {
        using var session = new HttpSession(app);
        var response = await session.GetAsync("/Account/Login");
        var policy = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        var csp = Directives(policy);

        Assert.Equal("'self'", csp["default-src"]);
        Assert.Equal("'none'", csp["object-src"]);
        Assert.Equal("'self'", csp["base-uri"]);
        Assert.Equal("'self'", csp["frame-ancestors"]);
        Assert.Equal("'self'", csp["form-action"]);
        Assert.Equal("'self'", csp["connect-src"]);
        Assert.Equal("'self' data: https:", csp["img-src"]);
        Assert.Equal("'self' 'unsafe-inline'", csp["style-src"]);
        Assert.Matches("^'self' 'nonce-[A-Za-z0-9+/=]{40,}'$", csp["script-src"]);
        Assert.DoesNotContain("unsafe-eval", policy, StringComparison.Ordinal);

        // The import map, the one inline script, carries this response's nonce; the next response has another.
        var html = await response.Content.ReadAsStringAsync(Ct);
        var nonce = WebUtility.HtmlDecode(ImportMapNonce().Match(html).Groups[1].Value);
        Assert.Equal($"'self' 'nonce-{nonce}'", csp["script-src"]);
        Assert.Equal(1, InlineScript().Count(html));
        var again = Directives(Assert.Single((await session.GetAsync("/Account/Login")).Headers.GetValues("Content-Security-Policy")));
        Assert.NotEqual(csp["script-src"], again["script-src"]);
    }

    [Theory]
    [InlineData("/Account/Login")]
    [InlineData("/")]
    [InlineData("/healthz")]
    [InlineData("/no-such-page")]
    [InlineData("/favicon.svg")]
    public async Task EveryResponse_HasPermissionsPolicy_AndNoServerHeader(string path)
    {
        using var session = new HttpSession(app);
        var response = await session.GetAsync(path);

        Assert.False(response.Headers.Contains("Server"), $"{path}: Server: {string.Join(",", response.Headers.Server)}");
        var permissions = Assert.Single(response.Headers.GetValues("Permissions-Policy"));
        foreach (var feature in new[] { "camera", "microphone", "geolocation", "payment", "usb" })
        {
            Assert.Contains($"{feature}=()", permissions, StringComparison.Ordinal);
        }

        Assert.Equal("SAMEORIGIN", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
    }

    [Fact]
    public async Task Downloads_AndAccountPages_AreNeverStored()
    {
        var broadcast = await SeedBroadcastAsync();
        using var admin = new HttpSession(app);
        await admin.SignInAsync(TestApp.AdminEmail, TestApp.AdminPassword);
        var rejects = app.Services.GetRequiredService<ImportRejectsStore>().Save(await AdminIdAsync(), "row,reason\r\n"u8.ToArray());

        string[] downloads =
        [
            "/recipients/export.csv", "/audit/export.csv", "/tiers/export.csv", $"/broadcasts/{broadcast}/deliveries.csv",
            $"/broadcasts/{broadcast}/failures.csv", $"/recipients/rejects/{rejects.Id}",
        ];
        foreach (var path in downloads.Concat(["/Account/ChangePassword", "/Account/AccessDenied"]))
        {
            var response = await admin.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode}");
            Assert.True(response.Headers.CacheControl?.NoStore == true, $"{path}: Cache-Control: {response.Headers.CacheControl}");
        }

        using var anonymous = new HttpSession(app);
        Assert.True((await anonymous.GetAsync("/Account/Login")).Headers.CacheControl?.NoStore == true);
    }

    [Fact]
    public async Task StaticFiles_KeepTheirOwnCaching()
    {
        using var session = new HttpSession(app);
        var html = await (await session.GetAsync("/Account/Login")).Content.ReadAsStringAsync(Ct);
        var css = FingerprintedCss().Match(html).Groups[1].Value;

        var response = await session.GetAsync("/" + css);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // Development (as here) revalidates every file ("no-cache"); Production caches a fingerprinted one for a year.
        Assert.NotNull(response.Headers.CacheControl);
        Assert.False(response.Headers.CacheControl.NoStore, $"{css}: {response.Headers.CacheControl}");
    }

    private static Dictionary<string, string> Directives(string policy) => policy
        .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(d => d.Split(' ', 2))
        .ToDictionary(d => d[0], d => d.Length > 1 ? d[1] : "");

    private async Task<string> AdminIdAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(TestApp.AdminEmail))!.Id;
    }

    private async Task<int> SeedBroadcastAsync()
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(Ct);
        var channel = await db.AddChannelAsync("Headers");
        var broadcast = await db.AddBroadcastAsync(channel, BroadcastState.Completed, DateTime.UtcNow.AddHours(-1), "Hello",
            BroadcastSeed.Delivery("+4915500000031", DeliveryState.Sent),
            BroadcastSeed.Delivery("+4915500000032", DeliveryState.Queued).Failed(131026));
        return broadcast.Id;
    }

    [GeneratedRegex("<script type=\"importmap\" nonce=\"([^\"]+)\"")]
    private static partial Regex ImportMapNonce();

    [GeneratedRegex("<script(?![^>]*\\bsrc=)[^>]*>")]
    private static partial Regex InlineScript();

    [GeneratedRegex("href=\"(_content/MudBlazor/MudBlazor\\.min\\.[a-z0-9]+\\.css)\"")]
    private static partial Regex FingerprintedCss();
}
