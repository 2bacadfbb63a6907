using System.Net;
using System.Text.RegularExpressions;
using BotHub.Admin.Data;
using BotHub.Admin.Features.Recipients.Csv;
using BotHub.Admin.Features.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using BotHub.Admin.Tests.Infrastructure;
using BotHub.Admin.Features.Security;

namespace BotHub.Admin.Tests.Integration;

/// <summary>The real app over HTTP, as a browser or a script would meet it, without a browser.</summary>
public sealed partial class HttpSecurityTests(TestApp app) : IClassFixture<TestApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private HttpClient NewClient() => new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new() })
    {
        BaseAddress = app.BaseUrl,
    };

    [Fact]
    public async Task Healthz_Answers200_WhenTheDatabaseIsReachable()
    {
        using var client = NewClient();
        var response = await client.GetAsync("/healthz", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync(Ct));
    }

    [Theory]
    [InlineData("/Account/Login")]
    [InlineData("/")]
    [InlineData("/healthz")]
    [InlineData("/no-such-page")]
    public async Task EveryResponse_CarriesTheSecurityHeaders(string path)
    {
        using var client = NewClient();
        var response = await client.GetAsync(path, Ct);
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("SAMEORIGIN", Header(response, "X-Frame-Options"));
        Assert.Equal("same-origin", Header(response, "Referrer-Policy"));
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/users")]
    [InlineData("/audit")]
    [InlineData("/keys")]
    [InlineData("/compose")]
    [InlineData("/audit/export.csv")]
    [InlineData("/broadcasts")]
    [InlineData("/broadcasts/1")]
    [InlineData("/broadcasts/1/deliveries.csv")]
    [InlineData("/broadcasts/1/failures.csv")]
    [InlineData("/recipients/export.csv")]
    [InlineData("/tiers")]
    [InlineData("/tiers/export.csv")]
    public async Task Anonymous_IsSentToSignIn(string path)
    {
        using var client = NewClient();
        var response = await client.GetAsync(path, Ct);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/Login", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StaticAssets_AreServedBeforeSignIn()
    {
        using var client = NewClient();
        var page = await client.GetStringAsync("/Account/Login", Ct);
        foreach (Match m in AssetLink().Matches(page))
        {
            var response = await client.GetAsync(m.Groups[1].Value, Ct);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{m.Groups[1].Value}: {(int)response.StatusCode}");
        }

        Assert.True(AssetLink().Count(page) >= 3);
    }

    [Fact]
    public async Task SignIn_SetsAnHttpOnlySameSiteCookie_AndRefusesAPostWithoutAntiforgeryToken()
    {
        using var client = NewClient();
        var forged = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login", ["Input.Email"] = TestApp.AdminEmail, ["Input.Password"] = TestApp.AdminPassword,
        }), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);

        var response = await SignInAsync(client, TestApp.AdminEmail, TestApp.AdminPassword);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("BotHub.Auth=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task AuditExport_IsForAdminsOnly_AndEscapesFormulas()
    {
        await app.CreateUserAsync("staff.export@test.local", "staff export passphrase", Roles.Staff);
        using var staff = NewClient();
        await SignInAsync(staff, "staff.export@test.local", "staff export passphrase");
        var denied = await staff.GetAsync("/audit/export.csv", Ct);
        Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
        Assert.StartsWith("/Account/AccessDenied", denied.Headers.Location!.PathAndQuery, StringComparison.Ordinal);

        // A failed sign-in with a hostile "email" lands in the log; the export must not hand it to a spreadsheet as a formula.
        using var attacker = NewClient();
        await SignInAsync(attacker, "=HYPERLINK(\"http://x\")", "whatever passphrase");

        using var admin = NewClient();
        await SignInAsync(admin, TestApp.AdminEmail, TestApp.AdminPassword);
        var csv = await admin.GetStringAsync("/audit/export.csv?kind=SignInFailed", Ct);
        var lines = csv.TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("time_utc,kind,user,address,subject,details", lines[0].TrimEnd('\r'));
        Assert.Contains(lines, l => l.Contains("\"'=HYPERLINK(\"\"http://x\"\")\"", StringComparison.Ordinal));
        Assert.All(lines.Skip(1), l => Assert.Contains(",SignInFailed,", l, StringComparison.Ordinal));
    }

    [Fact]
    public async Task RejectsDownload_IsTheOwnersFile_AndOnceGone_A404WithAPlainMessageInTheirLanguage()
    {
        using var admin = NewClient();
        await SignInAsync(admin, TestApp.AdminEmail, TestApp.AdminPassword);
        string adminId;
        using (var scope = app.Services.CreateScope())
        {
            adminId = (await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(TestApp.AdminEmail))!.Id;
        }

        var kept = app.Services.GetRequiredService<ImportRejectsStore>().Save(adminId, "row,reason\r\n"u8.ToArray());
        Assert.Equal("row,reason\r\n", await admin.GetStringAsync($"/recipients/rejects/{kept.Id}", Ct));

        var gone = await admin.GetAsync($"/recipients/rejects/{Guid.NewGuid()}", Ct); // what an expired or pushed-out file answers
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal("text/plain", gone.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("This file of rejected rows is no longer kept: rejected rows are kept for 60 minutes after an import, for the 50 latest",
            await gone.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        await admin.GetAsync("/culture/set?culture=zh-CN&redirectUri=/", Ct);
        var goneZh = await admin.GetAsync($"/recipients/rejects/{Guid.NewGuid()}", Ct);
        Assert.StartsWith("这个被拒绝行的文件已不再保留：被拒绝的行在导入后保留 60 分钟", await goneZh.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://evil.example/")]
    [InlineData("//evil.example/")]
    [InlineData("/\\evil.example/")]
    public async Task LanguageSwitch_NeverRedirectsOffSite(string target)
    {
        using var client = NewClient();
        var response = await client.GetAsync($"/culture/set?culture=zh-CN&redirectUri={Uri.EscapeDataString(target)}", Ct);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.OriginalString);
    }

    private static async Task<HttpResponseMessage> SignInAsync(HttpClient client, string email, string password)
    {
        var form = await client.GetStringAsync("/Account/Login", Ct);
        var token = AntiforgeryField().Match(form).Groups[1].Value;
        return await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        }), Ct);
    }

    private static string? Header(HttpResponseMessage r, string name) =>
        r.Headers.TryGetValues(name, out var v) || r.Content.Headers.TryGetValues(name, out v) ? v.Single() : null;

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    [GeneratedRegex("(?:href|src)=\"(/?_content/[^\"]+|/?_framework/[^\"]+|/?app[^\"]*\\.css)\"")]
    private static partial Regex AssetLink();
}
