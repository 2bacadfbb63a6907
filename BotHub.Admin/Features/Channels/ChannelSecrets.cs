using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace BotHub.Admin.Features.Channels;

/// <summary>Encrypts and decrypts API keys and webhook secrets with the app's Data Protection key ring.</summary>
public sealed class ChannelSecrets(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("BotHub.Admin.Channels.Secrets.v1");

    public string Protect(string secret) => _protector.Protect(secret);

    public string Unprotect(string protectedValue) => _protector.Unprotect(protectedValue);

    public static string Last4(string key) => key.Length <= 4 ? key : key[^4..];

    /// <summary>A new webhook secret: 32 random bytes, hex.</summary>
    public static string NewWebhookSecret() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
}
