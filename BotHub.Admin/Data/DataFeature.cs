using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BotHub.Admin.Data;

public static class DataFeature
{
    public static void AddData(this WebApplicationBuilder builder)
    {
        var connectionString = ResolveConnectionString(
            builder.Configuration.GetConnectionString("Default"), builder.Environment.ContentRootPath);
        builder.Services.AddDbContextFactory<AppDbContext>(o => o.UseSqlite(connectionString).AddInterceptors(new SqlitePragmas()));

        // The key ring lives with the app's data, so sign-in cookies (and, later, encrypted secrets) survive a restart.
        builder.Services.AddDataProtection()
            .SetApplicationName("BotHub.Admin")
            .PersistKeysToFileSystem(new DirectoryInfo(KeyRingFolder(connectionString, builder.Environment.ContentRootPath)));
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
    }

    public static void MapData(this WebApplication app) =>
        app.MapHealthChecks("/healthz").AllowAnonymous();

    /// <summary>Applies committed migrations and turns on WAL, before the app takes requests.</summary>
    public static async Task MigrateDatabaseAsync(this WebApplication app)
    {
        var factory = app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        await db.Database.MigrateAsync();
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
    }

    /// <summary>"keys" beside the database file (or under the content root for an in-memory database).</summary>
    public static string KeyRingFolder(string connectionString, string contentRoot)
    {
        var file = new SqliteConnectionStringBuilder(connectionString).DataSource;
        var folder = Path.IsPathRooted(file) ? Path.GetDirectoryName(file)! : Path.Combine(contentRoot, "data");
        return Path.Combine(folder, "keys");
    }

    /// <summary>A relative Sqlite file is placed under the content root, and its folder is created.</summary>
    public static string ResolveConnectionString(string? configured, string contentRoot)
    {
        if (string.IsNullOrWhiteSpace(configured))
        {
            throw new InvalidOperationException(
                "ConnectionStrings:Default is empty. Set it in appsettings.json, e.g. \"Data Source=data/bothub.db\".");
        }

        var csb = new SqliteConnectionStringBuilder(configured);
        if (csb.DataSource is { Length: > 0 } file && file != ":memory:" && csb.Mode != SqliteOpenMode.Memory)
        {
            var full = Path.GetFullPath(file, contentRoot);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            csb.DataSource = full;
        }

        return csb.ToString();
    }
}

public sealed class DatabaseHealthCheck(IDbContextFactory<AppDbContext> factory) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.Database.CanConnectAsync(cancellationToken)
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("The database cannot be reached.");
    }
}
