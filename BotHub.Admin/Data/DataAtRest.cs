namespace BotHub.Admin.Data;

/// <summary>Where the key ring is and whether a certificate encrypts it; makes the data files private at start.</summary>
public sealed class DataAtRest(string keyFolder, bool keysEncrypted)
{
    public string KeyFolder => keyFolder;

    public bool KeysEncrypted => keysEncrypted;

    /// <summary>
    /// The data folder and key folder 0700, the database (with -wal, -shm) and key files 0600; then says once what is
    /// not private. SQLite gives a new -wal or -shm the database file's mode, and <see cref="PrivateKeyFolder"/> makes new
    /// key files 0600, so this holds while the app runs.
    /// </summary>
    public void Secure(string? databaseFile, ILogger logger)
    {
        PrivateFiles.CreateFolder(keyFolder);
        var problems = new List<string>();
        if (databaseFile is not null)
        {
            problems.AddRange(PrivateFiles.Restrict(Path.GetDirectoryName(databaseFile)!,
                [databaseFile, databaseFile + "-wal", databaseFile + "-shm", databaseFile + "-journal"]));
        }

        problems.AddRange(PrivateFiles.Restrict(keyFolder, Directory.EnumerateFiles(keyFolder)));
        foreach (var problem in problems)
        {
            DataLog.NotPrivate(logger, problem);
        }

        if (!keysEncrypted)
        {
            DataLog.KeyRingNotEncrypted(logger, keyFolder, KeyRingProtection.PathKey, KeyRingProtection.PasswordKey);
        }
    }
}
