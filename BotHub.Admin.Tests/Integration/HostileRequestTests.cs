using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using BotHub.Admin.Tests.Infrastructure;

namespace BotHub.Admin.Tests.Integration;

/// <summary>The app as the README runs it (Development), as its own process on loopback, with one admin.</summary>
public sealed class DevelopmentApp : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("bothub-dev-").FullName;
    private AppProcess? _process;

    public Uri BaseUrl { get; private set; } = null!;

    public string Output => _process?.Output ?? "";

    public async ValueTask InitializeAsync()
    {
        var port = FreePort();
        BaseUrl = new Uri($"http://127.0.0.1:{port}/");
        _process = new AppProcess(new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["DOTNET_ENVIRONMENT"] = "Development",
            ["ASPNETCORE_URLS"] = BaseUrl.ToString().TrimEnd('/'),
            ["ConnectionStrings__Default"] = $"Data Source={Path.Combine(_folder, "bothub.db")}",
            ["Bootstrap__AdminEmail"] = TestApp.AdminEmail,
            ["Bootstrap__AdminPassword"] = TestApp.AdminPassword,
            ["Bsp__Sandbox__Port"] = "0",
            ["Demo__Seed"] = "false",
            ["Logging__LogLevel__Default"] = "Warning",
            // Every case signs in afresh: the sign-in throttle would refuse the 11th in a minute.
            ["Auth__SignInLimitPerAddress"] = "100000",
            ["Auth__SignInLimitPerAccount"] = "100000",
        });
        _process.Start();
        using var client = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(5) };
        for (var i = 0; i < 600; i++)
        {
            try
            {
                if ((await client.GetAsync("/healthz", TestContext.Current.CancellationToken)).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            if (!_process.IsRunning)
            {
                break;
            }

            await Task.Delay(200, TestContext.Current.CancellationToken);
        }

        throw new InvalidOperationException($"The app did not start. Its output:\n{_process.Output}");
    }

    public ValueTask DisposeAsync()
    {
        _process?.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }

        return ValueTask.CompletedTask;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>
/// Odd paths, query strings and route values (very long, control characters, NUL, invalid UTF-8, huge or non-numeric
/// ids, "..") against the app in Development, anonymous and as an admin: never a 5xx, never a stack trace.
/// </summary>
public sealed partial class HostileRequestTests(DevelopmentApp app) : IClassFixture<DevelopmentApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly string Long = new('x', 6000);

    public static TheoryData<string> Paths => new()
    {
        "/culture/set?culture=en&redirectUri=/%09/x",
        "/culture/set?culture=en&redirectUri=/%00",
        "/culture/set?culture=en&redirectUri=/%C3%A9t%C3%A9",
        "/culture/set?culture=en&redirectUri=/%FF%FE%FD",
        "/culture/set?culture=%00&redirectUri=%0D%0ALocation:%20http://evil.example/",
        "/culture/set",
        "/culture/set?culture=" + Long,
        "/broadcasts/99999999999999999999",
        "/broadcasts/-1",
        "/broadcasts/abc",
        "/broadcasts/2147483647",
        "/broadcasts/1/deliveries.csv?state=%00",
        "/broadcasts/1/deliveries.csv?state=99999",
        "/broadcasts/99999999999/failures.csv?code=abc",
        "/broadcasts/1/failures.csv?code=99999999999999",
        "/recipients/rejects/not-a-guid",
        "/recipients/rejects/00000000-0000-0000-0000-000000000000",
        "/recipients/export.csv?channel=abc&optIn=%00&tag=%FF",
        "/audit/export.csv?kind=Nope&from=2020-13-45&to=%00",
        "/audit/export.csv?from=9999-12-31&to=0001-01-01",
        "/tiers/export.csv?channel=-1&days=2147483647",
        "/tiers/export.csv?days=-5",
        "/compose?draft=abc",
        "/compose?draft=99999999999999999999",
        "/compose?draft=-1",
        "/Account/Login?ReturnUrl=/%09/x",
        "/Account/Login?ReturnUrl=" + Long,
        "/recipients?q=%00%FF",
        "/audit?user=%0A",
        "/../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/_framework/..%2f..%2fappsettings.json",
        "/%00",
        "/a%ZZb",
        "/%C0%AF",
        "/" + new string('p', 4000),
        "/?" + Long,
        "/healthz?%00",
    };

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task Get_Anonymous_NeverA5xx_NorAStackTrace(string path) => await AssertSafeAsync(new HttpBrowser(app.BaseUrl), HttpMethod.Get, path);

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task Get_AsAdmin_NeverA5xx_NorAStackTrace(string path)
    {
        var admin = new HttpBrowser(app.BaseUrl);
        await admin.SignInAsync(TestApp.AdminEmail, TestApp.AdminPassword);
        await AssertSafeAsync(admin, HttpMethod.Get, path);
    }

    [Theory]
    [InlineData("/webhooks/bsp/%00")]
    [InlineData("/webhooks/bsp/%0Afake%20line")]
    [InlineData("/webhooks/bsp/%FF%FE")]
    [InlineData("/Account/Logout")]
    [InlineData("/culture/set")]
    public async Task Post_Anonymous_NeverA5xx_NorAStackTrace(string path) => await AssertSafeAsync(new HttpBrowser(app.BaseUrl), HttpMethod.Post, path);

    [Theory]
    [InlineData("/%09/x")]
    [InlineData("//evil.example/")]
    [InlineData("/\\evil.example/")]
    [InlineData("/%C3%A9")]
    public async Task CultureSwitch_WithAHostileTarget_GoesHome(string target)
    {
        using var browser = new HttpBrowser(app.BaseUrl);
        var (status, location) = await browser.GetAsync($"/culture/set?culture=en&redirectUri={target}");
        Assert.Equal(HttpStatusCode.Redirect, status);
        Assert.Equal("/", location);
    }

    private async Task AssertSafeAsync(HttpBrowser browser, HttpMethod method, string path)
    {
        using (browser)
        {
            using var request = new HttpRequestMessage(method, path);
            if (method == HttpMethod.Post)
            {
                request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
            }

            using var response = await browser.Client.SendAsync(request, Ct);
            var body = await response.Content.ReadAsStringAsync(Ct);
            Assert.True((int)response.StatusCode < 500, $"{method} {path}: {(int)response.StatusCode}\n{Tail(body)}\n{Tail(app.Output)}");
            Assert.False(StackTrace().IsMatch(body), $"{method} {path}: a stack trace in the body\n{Tail(body)}");
        }
    }

    private static string Tail(string text) => text.Length > 3000 ? text[^3000..] : text;

    // " at Namespace.Type.Method(" lines, file/line markers and exception type names: what a developer page shows.
    [GeneratedRegex(@"\bat [A-Za-z_][\w.`]+\.[\w<>`|]+\(|\.cs:line \d+|\b[A-Z]\w+Exception\b|Stack trace|StackTrace")]
    private static partial Regex StackTrace();
}
