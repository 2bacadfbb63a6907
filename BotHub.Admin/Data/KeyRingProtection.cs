using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;

namespace BotHub.Admin.Data;

/// <summary>The certificate that encrypts the Data Protection key ring (section <c>DataProtection</c>).</summary>
public sealed class KeyRingProtectionOptions
{
    public const string Section = "DataProtection";

    /// <summary>A PKCS#12 (.pfx) file with an RSA key, outside the data folder.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The .pfx file's password.</summary>
    public string? CertificatePassword { get; set; }
}

/// <summary>
/// Encrypts the key ring with a certificate, so that a copy of the data folder (database and keys) decrypts no secret.
/// Kept apart from where the ring is stored, so a ring kept elsewhere (e.g. in the database) can use it too.
/// </summary>
public static class KeyRingProtection
{
    public const string PathKey = "DataProtection:CertificatePath";
    public const string PasswordKey = "DataProtection:CertificatePassword";

    /// <summary>Makes a certificate as the app wants it (the README gives the same line).</summary>
    public const string MakeOne =
        "openssl req -x509 -newkey rsa:3072 -sha256 -days 3650 -nodes -subj '/CN=BotHub Admin key ring' -keyout keyring.key -out keyring.crt"
        + " && openssl pkcs12 -export -inkey keyring.key -in keyring.crt -out /etc/bothub/keyring.pfx -passout pass:YOUR-PASSWORD"
        + " && rm keyring.key keyring.crt";

    /// <summary>
    /// The certificate the options name, checked: the file is there, the password opens it, it holds an RSA private key,
    /// and it lies outside <paramref name="dataFolder"/>. Null when none is set and none is <paramref name="required"/>.
    /// A relative path is taken from <paramref name="contentRoot"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">A message naming the setting at fault and how to put it right.</exception>
    public static X509Certificate2? LoadCertificate(KeyRingProtectionOptions options, bool required, string dataFolder, string contentRoot)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.CertificatePath))
        {
            return required
                ? throw new InvalidOperationException(
                    $"The Data Protection key ring must be encrypted with a certificate kept outside the data folder. Set {PathKey} and "
                    + $"{PasswordKey} (or the environment variables DataProtection__CertificatePath and DataProtection__CertificatePassword). "
                    + $"Make one with: {MakeOne}")
                : null;
        }

        var path = Path.GetFullPath(options.CertificatePath, contentRoot);
        if (IsInside(path, dataFolder))
        {
            throw new InvalidOperationException(
                $"{PathKey} ({path}) lies inside the data folder ({dataFolder}): a copy of that folder would carry the certificate too. "
                + "Keep it elsewhere, e.g. /etc/bothub/keyring.pfx.");
        }

        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"{PathKey}: no file at {path}. Make one with: {MakeOne}");
        }

        if (string.IsNullOrEmpty(options.CertificatePassword))
        {
            throw new InvalidOperationException($"{PasswordKey} is empty: set the password of {path} (the certificate named by {PathKey}).");
        }

        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(path, options.CertificatePassword, X509KeyStorageFlags.EphemeralKeySet);
        }
        catch (CryptographicException e)
        {
            throw new InvalidOperationException(
                $"{PathKey}: {path} cannot be opened with {PasswordKey} (a wrong password, or not a PKCS#12 .pfx file): {e.Message}", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new InvalidOperationException($"{PathKey}: {path} cannot be read by the app's user: {e.Message}", e);
        }

        using var rsa = certificate.GetRSAPrivateKey();
        if (rsa is null)
        {
            certificate.Dispose();
            throw new InvalidOperationException(
                $"{PathKey}: {path} holds no RSA private key; the key ring needs one to encrypt and decrypt its keys. Make one with: {MakeOne}");
        }

        return certificate;
    }

    /// <summary>New keys are encrypted with the certificate, and keys it encrypted can be read back (on Linux too, where no store holds it).</summary>
    public static IDataProtectionBuilder ProtectKeysWith(this IDataProtectionBuilder builder, X509Certificate2 certificate) =>
        builder.ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate(certificate);

    private static bool IsInside(string path, string folder)
    {
        var relative = Path.GetRelativePath(Path.GetFullPath(folder), path);
        return relative != ".." && !relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal) && !Path.IsPathRooted(relative);
    }
}
