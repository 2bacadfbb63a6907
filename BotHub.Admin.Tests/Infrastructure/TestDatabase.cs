using BotHub.Admin.Data;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace BotHub.Admin.Tests.Infrastructure;

/// <summary>
/// The database a test's app runs on: a fresh Sqlite file (the default), or, with BOTHUB_TEST_DATABASE=Postgres, a fresh
/// database on the PostgreSQL server of BOTHUB_TEST_POSTGRES (a throw-away cluster that .ci/run starts), dropped at the end.
/// </summary>
public static class TestDatabase
{
    public static bool IsPostgres { get; } =
        string.Equals(Environment.GetEnvironmentVariable("BOTHUB_TEST_DATABASE"), "Postgres", StringComparison.OrdinalIgnoreCase);

    public static DatabaseProvider Provider => IsPostgres ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite;

    /// <summary>The server, without a database: e.g. "Host=127.0.0.1;Port=55432;Username=postgres".</summary>
    public static string Server => Environment.GetEnvironmentVariable("BOTHUB_TEST_POSTGRES") is { Length: > 0 } server
        ? server
        : "Host=127.0.0.1;Port=55432;Username=postgres";

    /// <summary>A connection string for a new database: a Sqlite file in the folder, or a new PostgreSQL database.</summary>
    public static string NewConnectionString(string folder, string file = "bothub.db") => IsPostgres
        ? new NpgsqlConnectionStringBuilder(Server) { Database = "t_" + Guid.NewGuid().ToString("N") }.ConnectionString
        : $"Data Source={Path.Combine(folder, file)};Pooling=False";

    /// <summary>The app's settings for that database.</summary>
    public static Dictionary<string, string?> Settings(string connectionString) => new()
    {
        ["Database:Provider"] = Provider.ToString(),
        ["ConnectionStrings:Default"] = connectionString,
    };

    /// <summary>The app's context factory on that database, for tests that build services without the web host.</summary>
    public static IServiceCollection AddTestDatabase(this IServiceCollection services, string connectionString) =>
        services.AddAppDatabase(Provider, connectionString);

    /// <summary>Drops a PostgreSQL test database (a Sqlite file goes with its folder).</summary>
    public static async Task DropAsync(string connectionString)
    {
        if (!IsPostgres)
        {
            return;
        }

        await using (var pooled = new NpgsqlConnection(connectionString))
        {
            NpgsqlConnection.ClearPool(pooled);
        }

        var csb = new NpgsqlConnectionStringBuilder(connectionString);
        var name = csb.Database;
        csb.Database = "postgres";
        csb.Pooling = false;
        await using var connection = new NpgsqlConnection(csb.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}
