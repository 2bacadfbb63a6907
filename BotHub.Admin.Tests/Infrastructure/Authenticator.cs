using OtpNet;

namespace BotHub.Admin.Tests.Infrastructure;

/// <summary>What a phone's authenticator app does with the setup key the app shows (RFC 6238, by Otp.NET).</summary>
public static class Authenticator
{
    /// <summary>The current 6-digit code for a key as shown ("abcd efgh ..."): spaces and case do not matter.</summary>
    public static string Code(string shownKey) =>
        new Totp(Base32Encoding.ToBytes(shownKey.Replace(" ", "", StringComparison.Ordinal).Trim().ToUpperInvariant())).ComputeTotp();
}
