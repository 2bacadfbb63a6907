using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BotHub.Admin.Data;
using BotHub.Admin.Tests.Infrastructure;

namespace BotHub.Admin.Tests.Unit.Data;

/// <summary>Which certificates the key ring takes, and what it says of the others.</summary>
public sealed class KeyRingProtectionTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("bothub-keyring-unit-").FullName;

    private string DataFolder => Path.Combine(_root, "data");

    [Fact]
    public void NoneSet_InDevelopment_IsNoCertificate_ElsewhereARefusalThatSaysHowToMakeOne()
    {
        Assert.Null(KeyRingProtection.LoadCertificate(new(), required: false, DataFolder, _root));
        var refusal = Assert.Throws<InvalidOperationException>(() =>
            KeyRingProtection.LoadCertificate(new() { CertificatePath = " " }, required: true, DataFolder, _root));
        Assert.Contains(KeyRingProtection.PathKey, refusal.Message, StringComparison.Ordinal);
        Assert.Contains(KeyRingProtection.PasswordKey, refusal.Message, StringComparison.Ordinal);
        Assert.Contains(KeyRingProtection.MakeOne, refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ARelativePath_IsTakenFromTheContentRoot_AndTheCertificateHoldsItsRsaKey()
    {
        TestCertificate.Create(_root);

        using var certificate = KeyRingProtection.LoadCertificate(
            new() { CertificatePath = "keyring.pfx", CertificatePassword = TestCertificate.Password }, required: true, DataFolder, _root);

        using var rsa = certificate!.GetRSAPrivateKey();
        Assert.NotNull(rsa);
    }

    [Fact]
    public void AnEmptyPassword_IsRefusedNamingIt()
    {
        var path = TestCertificate.Create(_root);

        var refusal = Assert.Throws<InvalidOperationException>(() =>
            KeyRingProtection.LoadCertificate(new() { CertificatePath = path }, required: false, DataFolder, _root));

        Assert.StartsWith(KeyRingProtection.PasswordKey + " is empty", refusal.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("no private key")]
    [InlineData("an ECDSA key")]
    public void ACertificateWithoutAnRsaPrivateKey_IsRefused(string kind)
    {
        var path = Path.Combine(_root, "other.pfx");
        using (var ecdsa = ECDsa.Create())
        using (var rsa = RSA.Create(2048))
        {
            using var made = kind == "an ECDSA key"
                ? new CertificateRequest("CN=ecdsa", ecdsa, HashAlgorithmName.SHA256).CreateSelfSigned(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(1))
                : new CertificateRequest("CN=rsa", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1).CreateSelfSigned(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(1));
            using var publicOnly = X509CertificateLoader.LoadCertificate(made.RawData);
            var pfx = kind == "no private key" ? publicOnly : made;
            File.WriteAllBytes(path, pfx.ExportPkcs12(Pkcs12ExportPbeParameters.Pbes2Aes256Sha256, "pw"));
        }

        var refusal = Assert.Throws<InvalidOperationException>(() =>
            KeyRingProtection.LoadCertificate(new() { CertificatePath = path, CertificatePassword = "pw" }, required: true, DataFolder, _root));

        Assert.Contains("holds no RSA private key", refusal.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
