using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;

namespace BotHub.Admin.Tests.Integration;

/// <summary>
/// What an attacker holding a copy of the data folder (database and key ring, nothing else) can decrypt: every
/// protected value in the copied database, tried with a Data Protection set up over the copied key folder alone.
/// </summary>
public static class StolenDataFolder
{
    /// <summary>Copies the folder as it is now (the database with its -wal and -shm, the keys) to a new temp folder.</summary>
    public static string Copy(string dataFolder)
    {
        var copy = Directory.CreateTempSubdirectory("bothub-stolen-").FullName;
        foreach (var file in Directory.EnumerateFiles(dataFolder, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(copy, Path.GetRelativePath(dataFolder, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        return copy;
    }

    /// <summary>The protected values stored in the copied database: API keys, current and previous webhook secrets.</summary>
    public static List<string> ProtectedValues(string copy)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(copy, "bothub.db")};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT ProtectedValue FROM ApiKeys
            UNION ALL SELECT WebhookSecretProtected FROM Channels WHERE WebhookSecretProtected IS NOT NULL
            UNION ALL SELECT PreviousWebhookSecretProtected FROM Channels WHERE PreviousWebhookSecretProtected IS NOT NULL
            """;
        using var reader = command.ExecuteReader();
        var values = new List<string>();
        while (reader.Read())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }

    /// <summary>Tries each value with the app's name and purpose (both in its public source) over the copied keys; returns what decrypted.</summary>
    public static List<string> Decrypt(string copy, IEnumerable<string> protectedValues)
    {
        var provider = DataProtectionProvider.Create(new DirectoryInfo(Path.Combine(copy, "keys")), b => b.SetApplicationName("BotHub.Admin"));
        var protector = provider.CreateProtector("BotHub.Admin.Channels.Secrets.v1");
        var decrypted = new List<string>();
        foreach (var value in protectedValues)
        {
            try
            {
                decrypted.Add(protector.Unprotect(value));
            }
            catch (System.Security.Cryptography.CryptographicException)
            {
                // Not readable without the key ring's certificate.
            }
        }

        return decrypted;
    }
}
