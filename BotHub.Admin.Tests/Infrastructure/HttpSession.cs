using System.Net;
using System.Text.RegularExpressions;

namespace BotHub.Admin.Tests.Infrastructure;

/// <summary>
/// A script's view of the app over plain HTTP: no redirects followed, cookies kept by hand (so cookies marked Secure,
/// as behind a TLS proxy, still go back over the loopback's http), and optional headers on every request (a proxy's).
/// </summary>
public sealed partial class HttpSession(TestApp app, IReadOnlyDictionary<string, string>? headers = null) : IDisposable
{
    private readonly HttpClient _client = new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false })
    {
        BaseAddress = app.BaseUrl,
    };

    private readonly Dictionary<string, string> _cookies = [];

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    /// <summary>Every Set-Cookie header received, as sent.</summary>
    public List<string> SetCookies { get; } = [];

    public Task<HttpResponseMessage> GetAsync(string path) => SendAsync(new HttpRequestMessage(HttpMethod.Get, path));

    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
    {
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            if (name.Equals("Host", StringComparison.OrdinalIgnoreCase))
            {
                request.Headers.Host = value;
            }
            else
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }

        if (_cookies.Count > 0)
        {
            request.Headers.Add("Cookie", string.Join("; ", _cookies.Select(c => $"{c.Key}={c.Value}")));
        }

        var response = await _client.SendAsync(request, Ct);
        if (response.Headers.TryGetValues("Set-Cookie", out var set))
        {
            foreach (var cookie in set)
            {
                SetCookies.Add(cookie);
                var pair = cookie.Split(';', 2)[0].Split('=', 2);
                if (pair[1].Length == 0)
                {
                    _cookies.Remove(pair[0]); // a deleted cookie
                }
                else
                {
                    _cookies[pair[0]] = pair[1];
                }
            }
        }

        return response;
    }

    /// <summary>The sign-in form, filled and posted as a browser does; the answer is the form's redirect (or the page again).</summary>
    public async Task<HttpResponseMessage> SignInAsync(string email, string password)
    {
        var form = await (await GetAsync("/Account/Login")).Content.ReadAsStringAsync(Ct);
        var token = AntiforgeryField().Match(form).Groups[1].Value;
        return await SendAsync(new HttpRequestMessage(HttpMethod.Post, "/Account/Login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "login",
                ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
                ["Input.Email"] = email,
                ["Input.Password"] = password,
            }),
        });
    }

    public void Dispose() => _client.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
