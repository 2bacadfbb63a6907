using System.Runtime.Versioning;
using BotHub.Admin.Data;
using BotHub.Admin.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace BotHub.Admin.Tests.Integration;

/// <summary>
/// Secrets at rest: with a certificate outside the data folder, a copy of that folder decrypts none of the channels'
/// secrets; without one (Development), it decrypts them all, which shows the attack works. The app itself restarts
/// and reads its secrets, and its data files are its user's only.
/// </summary>
public sealed class KeyRingTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("bothub-keyring-").FullName;
    private readonly List<string> _copies = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string DataFolder => Path.Combine(_root, "data");

    // Beside the data folder, not in it: a copy of the data folder does not carry it.
    private string NewCertificate() => TestCertificate.Create(Directory.CreateDirectory(Path.Combine(_root, "etc")).FullName);

    [Fact]
    public async Task CopyOfTheDataFolder_WithACertificate_DecryptsNoSecret()
    {
        await using var app = new KeyRingApp(DataFolder, NewCertificate());
        var secrets = await app.StoreSecretsAsync(Ct);

        var (stored, decrypted) = Attack(app);

        Report($"with a certificate: an attacker with a copy of the data folder decrypted {decrypted.Count} of {stored} stored secrets");
        Assert.True(app.DataAtRest.KeysEncrypted);
        Assert.Equal(secrets.Count, stored);
        Assert.Empty(decrypted);
        Assert.Equal(secrets, await app.SecretsInUseAsync(Ct));
        Assert.DoesNotContain(app.Logs.Lines, l => l.Contains("is not encrypted", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CopyOfTheDataFolder_WithoutACertificate_DecryptsEverySecret_AndTheAppSaidSoOnce()
    {
        await using var app = new KeyRingApp(DataFolder, certificate: null);
        var secrets = await app.StoreSecretsAsync(Ct);

        var (stored, decrypted) = Attack(app);

        Report($"without a certificate (the control): the same attack decrypted {decrypted.Count} of {stored} stored secrets");
        Assert.False(app.DataAtRest.KeysEncrypted);
        Assert.Equal(secrets.Count, stored);
        Assert.Equal(secrets, decrypted.ToHashSet());
        Assert.Single(app.Logs.Lines, l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("is not encrypted", StringComparison.Ordinal)
            && l.Contains(KeyRingProtection.PathKey, StringComparison.Ordinal) && l.Contains(KeyRingProtection.PasswordKey, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AppWithACertificate_Restarts_AndStillDecryptsItsSecrets()
    {
        var certificate = NewCertificate();
        HashSet<string> secrets;
        await using (var first = new KeyRingApp(DataFolder, certificate))
        {
            secrets = await first.StoreSecretsAsync(Ct);
        }

        await using var second = new KeyRingApp(DataFolder, certificate);

        Assert.Equal(secrets, await second.SecretsInUseAsync(Ct));
        Assert.Single(Directory.GetFiles(second.KeyFolder, "key-*.xml"));
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task DataFiles_AreTheAppUsersOnly_EvenWhereTheyWereOpenBefore_AndANewKeyToo()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Unix file modes");
        // A deployment from before: folders 0755, the database 0644.
        const UnixFileMode open = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        Directory.CreateDirectory(DataFolder, open | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        await File.WriteAllBytesAsync(Path.Combine(DataFolder, "bothub.db"), [], Ct);
        File.SetUnixFileMode(Path.Combine(DataFolder, "bothub.db"), open);

        await using var app = new KeyRingApp(DataFolder, NewCertificate());
        await app.StoreSecretsAsync(Ct);
        // A key made while the app runs (as the ring does every 90 days), under this process's umask.
        var now = DateTimeOffset.UtcNow;
        app.Services.GetRequiredService<IKeyManager>().CreateNewKey(now, now.AddDays(90));

        // A reader holding the database open, as the app's own connections do: SQLite makes its -wal and -shm now.
        await using var reader = new SqliteConnection($"Data Source={app.Database};Pooling=False");
        await reader.OpenAsync(Ct);
        await using (var command = reader.CreateCommand())
        {
            command.CommandText = "SELECT count(*) FROM Channels";
            Assert.Equal(1L, await command.ExecuteScalarAsync(Ct));
        }

        var keyFiles = Directory.GetFiles(app.KeyFolder);
        string[] files = [app.Database, app.Database + "-wal", app.Database + "-shm", .. keyFiles];
        var modes = new[] { app.DataFolder, app.KeyFolder }.Concat(files).ToDictionary(f => Path.GetRelativePath(_root, f), Mode);
        Report("modes: " + string.Join(", ", modes.Select(m => $"{m.Key} {m.Value}")));

        Assert.Equal(2, keyFiles.Length);
        Assert.Equal(["0700", "0700"], [modes["data"], modes[Path.Combine("data", "keys")]]);
        Assert.All(files, f => Assert.Equal((f, "0600"), (f, Mode(f))));
    }

    private (int Stored, List<string> Decrypted) Attack(KeyRingApp app)
    {
        var copy = StolenDataFolder.Copy(app.DataFolder);
        _copies.Add(copy);
        var stored = StolenDataFolder.ProtectedValues(copy);
        return (stored.Count, StolenDataFolder.Decrypt(copy, stored));
    }

    [UnsupportedOSPlatform("windows")]
    private static string Mode(string path) => PrivateFiles.Octal(File.GetUnixFileMode(path));

    private static void Report(string line)
    {
        TestContext.Current.SendDiagnosticMessage(line);
        TestContext.Current.TestOutputHelper?.WriteLine(line);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var folder in _copies.Append(_root))
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // Best effort: a temp folder left behind is no reason to fail.
            }
        }
    }
}
