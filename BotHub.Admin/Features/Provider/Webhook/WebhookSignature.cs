using System.Security.Cryptography;
using System.Text;

namespace BotHub.Admin.Features.Provider.Webhook;

/// <summary>X-BotHub-Signature: sha256=&lt;hex HMAC-SHA256 of the raw body, keyed with the channel's webhook secret&gt;.</summary>
public static class WebhookSignature
{
    public const string Header = "X-BotHub-Signature";
    private const string Prefix = "sha256=";

    public static string Sign(ReadOnlySpan<byte> body, string secret) =>
        Prefix + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    /// <summary>True when the header matches the body under any of the secrets; compared in constant time.</summary>
    public static bool Verify(ReadOnlySpan<byte> body, string? header, IEnumerable<string> secrets)
    {
        if (header is null || !header.StartsWith(Prefix, StringComparison.Ordinal) || header.Length != Prefix.Length + 64)
        {
            return false;
        }

        byte[] given;
        try
        {
            given = Convert.FromHexString(header.AsSpan(Prefix.Length));
        }
        catch (FormatException)
        {
            return false;
        }

        var match = false;
        foreach (var secret in secrets)
        {
            var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body);
            match |= CryptographicOperations.FixedTimeEquals(expected, given);
        }

        return match;
    }
}
