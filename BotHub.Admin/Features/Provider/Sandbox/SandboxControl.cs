using System.Security.Cryptography;
using System.Text;
using Microsoft.Net.Http.Headers;

namespace BotHub.Admin.Features.Provider.Sandbox;

/// <summary>
/// The guard on the sandbox's controls (<c>/_sandbox/*</c>). A web page the operator visits can send a "simple"
/// cross-site request (e.g. <c>text/plain</c>) to 127.0.0.1 without asking first, so a control that changes state takes
/// only <c>application/json</c> (which a browser will not send cross-site without a CORS preflight the sandbox never
/// grants) and this run's token in <see cref="HeaderName"/> (which no other page knows). Reads (stats, faults) need no
/// token: a cross-site page cannot read their answers without CORS headers, which the sandbox never sends. Every control
/// answers only to a loopback <c>Host</c>, so a page whose own name was made to point at 127.0.0.1 (DNS rebinding) reaches none.
/// </summary>
public static class SandboxControl
{
    public const string HeaderName = "X-Sandbox-Token";

    /// <summary>A token for this run: 24 random bytes, hex.</summary>
    public static string NewToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

    /// <summary>A token from configuration: at least 16 visible ASCII characters (it travels in a header), or none.</summary>
    public static bool IsValidToken(string? token) =>
        string.IsNullOrEmpty(token) || (token.Length >= 16 && token.All(c => c is > ' ' and <= '~'));

    /// <summary>Why a control call is refused (status and a short reason), or null to let it through.</summary>
    public static (int Status, string Problem)? Refusal(HttpRequest request, string token, bool changesState)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!IsLoopbackHost(request.Host.Host))
        {
            return (403, "the sandbox's controls answer only to Host 127.0.0.1 or localhost");
        }

        if (!changesState)
        {
            return null;
        }

        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
            || !string.Equals(type.MediaType.Value, "application/json", StringComparison.OrdinalIgnoreCase))
        {
            return (415, "Content-Type must be application/json");
        }

        var given = request.Headers[HeaderName].ToString();
        return given.Length > 0 && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(token))
            ? null
            : (403, $"missing or wrong {HeaderName} header (the token is in the app's log at start)");
    }

    /// <summary>A line to copy from the log: a user writes to a bot through the sandbox.</summary>
    public static string CurlLine(Uri baseUrl, string token) =>
        $"curl -s -X POST {baseUrl}_sandbox/inbound -H 'Content-Type: application/json' -H '{HeaderName}: {token}' "
        + "-d '{\"bot\":\"+8613800000001\",\"from\":\"+8613911112222\",\"name\":\"Li\",\"text\":\"hello\"}'";

    private static bool IsLoopbackHost(string host) =>
        host is "127.0.0.1" or "[::1]" or "::1" || string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase);
}
