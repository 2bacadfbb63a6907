using System.Net;
using System.Text.RegularExpressions;

namespace BotHub.Admin.Tests.Infrastructure;

/// <summary>A cookie-keeping HTTP client on the app that signs in as a browser would (form, antiforgery token), without redirects.</summary>
public sealed partial class HttpBrowser : IDisposable
{
    public const string AuthCookie = "BotHub.Auth";

    private readonly CookieContainer _cookies = new();
    private readonly Uri _base;

    public HttpBrowser(Uri baseUrl, string? userAgent = null)
    {
        _base = baseUrl;
        Client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = _cookies })
        {
            BaseAddress = baseUrl,
        };
        if (userAgent is not null)
        {
            Client.DefaultRequestHeaders.UserAgent.ParseAdd(userAgent);
        }
    }

    public HttpClient Client { get; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The sign-in cookie's value, as someone who copied it would have it.</summary>
    public string? AuthCookieValue => _cookies.GetCookies(_base)[AuthCookie]?.Value;

    /// <summary>Puts a copied sign-in cookie in this browser.</summary>
    public void UseAuthCookie(string value) => _cookies.Add(_base, new Cookie(AuthCookie, value));

    public async Task<HttpResponseMessage> SignInAsync(string email, string password)
    {
        var response = await PostFormAsync("/Account/Login", "login", new() { ["Input.Email"] = email, ["Input.Password"] = password });
        Assert.True(response.StatusCode == HttpStatusCode.Redirect && AuthCookieValue is not null,
            $"Signing in as {email} failed: {(int)response.StatusCode}");
        return response;
    }

    public async Task<HttpResponseMessage> SignOutAsync() =>
        await Client.PostAsync("/Account/Logout", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = await TokenAsync("/Account/ChangePassword"),
        }), Ct);

    public Task<HttpResponseMessage> ChangePasswordAsync(string current, string next) =>
        PostFormAsync("/Account/ChangePassword", "change-password",
            new() { ["Input.Current"] = current, ["Input.New"] = next, ["Input.Confirm"] = next });

    /// <summary>A page's status: 200 while signed in, a redirect to sign-in otherwise.</summary>
    public async Task<(HttpStatusCode Status, string? Location)> GetAsync(string path)
    {
        using var response = await Client.GetAsync(path, Ct);
        return (response.StatusCode, response.Headers.Location?.OriginalString);
    }

    /// <summary>True when the request is served as signed in (not sent to sign-in).</summary>
    public async Task<bool> IsSignedInAsync(string path = "/")
    {
        var (status, location) = await GetAsync(path);
        return status == HttpStatusCode.OK
            || (status == HttpStatusCode.Redirect && location?.Contains("/Account/Login", StringComparison.Ordinal) != true
                ? throw new InvalidOperationException($"{path}: {(int)status} {location}")
                : false);
    }

    private async Task<HttpResponseMessage> PostFormAsync(string path, string handler, Dictionary<string, string> fields)
    {
        fields["_handler"] = handler;
        fields["__RequestVerificationToken"] = await TokenAsync(path);
        return await Client.PostAsync(path, new FormUrlEncodedContent(fields), Ct);
    }

    private async Task<string> TokenAsync(string path)
    {
        var form = await Client.GetStringAsync(path, Ct);
        return WebUtility.HtmlDecode(AntiforgeryField().Match(form).Groups[1].Value);
    }

    public void Dispose() => Client.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
