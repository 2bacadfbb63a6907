using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace BotHub.Admin.Tests.Infrastructure;

/// <summary>Self-signed certificates for the key ring, saved as password-protected .pfx files outside any app's data folder.</summary>
public static class TestCertificate
{
    public const string Password = "key ring test password";

    private static readonly Lazy<string> SharedPath = new(() =>
    {
        var folder = Directory.CreateTempSubdirectory("bothub-cert-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(folder, recursive: true);
        return Create(folder);
    });

    /// <summary>One certificate for this test run's apps that need one but test something else (a Production start).</summary>
    public static string Shared => SharedPath.Value;

    /// <summary>A new RSA certificate as <c>keyring.pfx</c> in <paramref name="folder"/>; returns its path.</summary>
    public static string Create(string folder, string password = Password)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=BotHub Admin key ring (test)", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var path = Path.Combine(folder, "keyring.pfx");
        File.WriteAllBytes(path, certificate.ExportPkcs12(Pkcs12ExportPbeParameters.Pbes2Aes256Sha256, password));
        return path;
    }

    /// <summary>The settings that make an app encrypt its key ring with the certificate at <paramref name="path"/>.</summary>
    public static Dictionary<string, string> Settings(string path, string password = Password) => new(StringComparer.Ordinal)
    {
        ["DataProtection:CertificatePath"] = path,
        ["DataProtection:CertificatePassword"] = password,
    };
}
