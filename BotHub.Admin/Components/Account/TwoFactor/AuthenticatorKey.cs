using System.Text;
using QRCoder;

namespace BotHub.Admin.Components.Account.TwoFactor;

/// <summary>The authenticator key as people and apps read it: in groups of four, and as an otpauth QR code.</summary>
public static class AuthenticatorKey
{
    public const string Issuer = "BotHub Admin";

    /// <summary>"abcd efgh ijkl ..." : lower case, in fours, as Identity's template shows it.</summary>
    public static string Grouped(string key)
    {
        var text = new StringBuilder();
        for (var i = 0; i < key.Length; i += 4)
        {
            text.Append(key.AsSpan(i, Math.Min(4, key.Length - i))).Append(' ');
        }

        return text.ToString().TrimEnd().ToLowerInvariant();
    }

    public static string Uri(string account, string key) =>
        $"otpauth://totp/{System.Uri.EscapeDataString(Issuer)}:{System.Uri.EscapeDataString(account)}" +
        $"?secret={key}&issuer={System.Uri.EscapeDataString(Issuer)}&digits=6";

    /// <summary>The QR code as an SVG data URI, made here: no outside service sees the key, and no script draws it.</summary>
    public static string QrDataUri(string uri)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(uri, QRCodeGenerator.ECCLevel.M);
        var svg = new SvgQRCode(data).GetGraphic(4);
        return "data:image/svg+xml;base64," + Convert.ToBase64String(Encoding.UTF8.GetBytes(svg));
    }
}
