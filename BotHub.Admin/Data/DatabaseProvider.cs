namespace BotHub.Admin.Data;

/// <summary>Database:Provider: Sqlite (the default, a file beside the app) or Postgres (a server, for larger installs).</summary>
public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

public static class DatabaseProviders
{
    public const string Key = "Database:Provider";

    /// <summary>The configured provider; an unknown value stops the app at start, naming the key and the choices.</summary>
    public static DatabaseProvider FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var value = configuration[Key];
        if (string.IsNullOrWhiteSpace(value))
        {
            return DatabaseProvider.Sqlite;
        }

        var name = Enum.GetNames<DatabaseProvider>().FirstOrDefault(n => string.Equals(n, value.Trim(), StringComparison.OrdinalIgnoreCase));
        return name is not null
            ? Enum.Parse<DatabaseProvider>(name)
            : throw new InvalidOperationException($"{Key} is \"{value}\": it must be Sqlite or Postgres.");
    }
}
