using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BotHub.Admin.Data;

public static class DataFeature
{
    public static void AddData(this WebApplicationBuilder builder)
    {
        var provider = DatabaseProviders.FromConfiguration(builder.Configuration);
        var connectionString = provider == DatabaseProvider.Sqlite
            ? ResolveConnectionString(builder.Configuration.GetConnectionString("Default"), builder.Environment.ContentRootPath)
            : RequireConnectionString(builder.Configuration.GetConnectionString("Default"));
        builder.Services.AddAppDatabase(provider, connectionString);

        builder.Services.AddSingleton<UserPreferences>();

        // The key ring lives with the app's data, so sign-in cookies and encrypted secrets survive a restart; a certificate
        // kept elsewhere encrypts it, so a copy of the data folder alone decrypts nothing. Checked here, before anything
        // can write a key: the start-up steps that protect secrets run before the host validates its options.
        var keys = new DirectoryInfo(provider == DatabaseProvider.Sqlite
            ? KeyRingFolder(connectionString, builder.Environment.ContentRootPath)
            : Path.Combine(builder.Environment.ContentRootPath, "data", "keys"));
        var certificate = KeyRingProtection.LoadCertificate(
            builder.Configuration.GetSection(KeyRingProtectionOptions.Section).Get<KeyRingProtectionOptions>() ?? new(),
            required: !builder.Environment.IsDevelopment(), keys.Parent!.FullName, builder.Environment.ContentRootPath);
        var dataProtection = builder.Services.AddDataProtection().SetApplicationName("BotHub.Admin");
        builder.Services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(services => new ConfigureOptions<KeyManagementOptions>(o =>
            o.XmlRepository = new PrivateKeyFolder(keys, services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance)));
        if (certificate is not null)
        {
            dataProtection.ProtectKeysWith(certificate);
        }

        builder.Services.AddSingleton(new DataAtRest(keys.FullName, certificate is not null));
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
    }

    /// <summary>
    /// The context factory for the provider: on Sqlite <see cref="AppDbContext"/> itself, on PostgreSQL
    /// <see cref="PostgresDbContext"/> (its own migrations) handed out as <see cref="AppDbContext"/>.
    /// </summary>
    public static IServiceCollection AddAppDatabase(this IServiceCollection services, DatabaseProvider provider, string connectionString)
    {
        services.AddSingleton(new DatabaseInfo(provider));
        if (provider == DatabaseProvider.Sqlite)
        {
            services.AddDbContextFactory<AppDbContext>(o => o.UseSqlite(connectionString).AddInterceptors(new SqlitePragmas()));
            return services;
        }

        services.AddDbContextFactory<PostgresDbContext>(o => o.UseNpgsql(connectionString));
        services.AddSingleton<IDbContextFactory<AppDbContext>>(sp =>
            new AppDbContextFactory<PostgresDbContext>(sp.GetRequiredService<IDbContextFactory<PostgresDbContext>>()));
        services.AddScoped<AppDbContext>(sp => sp.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext());
        return services;
    }

    public static void MapData(this WebApplication app) =>
        app.MapHealthChecks("/healthz").AllowAnonymous();

    /// <summary>Applies committed migrations and turns on WAL, then makes the data private, before the app takes requests.</summary>
    public static async Task MigrateDatabaseAsync(this WebApplication app)
    {
        var factory = app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        string? file = null;
        await using (var db = await factory.CreateDbContextAsync())
        {
            await db.Database.MigrateAsync();
            if (db.Database.IsSqlite())
            {
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
                file = DatabaseFile(db.Database.GetConnectionString()!);
            }
        }

        app.Services.GetRequiredService<DataAtRest>().Secure(file, app.Services.GetRequiredService<ILogger<DataAtRest>>());
    }

    /// <summary>The Sqlite file, or null for an in-memory database.</summary>
    public static string? DatabaseFile(string connectionString)
    {
        var csb = new SqliteConnectionStringBuilder(connectionString);
        return csb.DataSource is { Length: > 0 } file && file != ":memory:" && csb.Mode != SqliteOpenMode.Memory ? file : null;
    }

    /// <summary>"keys" beside the database file (or under the content root for an in-memory database).</summary>
    public static string KeyRingFolder(string connectionString, string contentRoot)
    {
        var file = new SqliteConnectionStringBuilder(connectionString).DataSource;
        var folder = Path.IsPathRooted(file) ? Path.GetDirectoryName(file)! : Path.Combine(contentRoot, "data");
        return Path.Combine(folder, "keys");
    }

    private static string RequireConnectionString(string? configured) => string.IsNullOrWhiteSpace(configured)
        ? throw new InvalidOperationException(
            "ConnectionStrings:Default is empty. With Database:Provider=Postgres set it to the server, e.g. \"Host=db;Database=bothub;Username=bothub;Password=...\".")
        : configured;

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
            PrivateFiles.CreateFolder(Path.GetDirectoryName(full)!);
            csb.DataSource = full;
        }

        return csb.ToString();
    }
}

/// <summary>Which database the app runs on, for code whose statement differs between the providers.</summary>
public sealed record DatabaseInfo(DatabaseProvider Provider)
{
    public bool IsPostgres => Provider == DatabaseProvider.Postgres;
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
