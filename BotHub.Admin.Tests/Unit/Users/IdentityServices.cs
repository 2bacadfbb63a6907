using BotHub.Admin.Features.Audit;
using Microsoft.Extensions.DependencyInjection.Extensions;
using BotHub.Admin.Components.Account;
using BotHub.Admin.Data;
using BotHub.Admin.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace BotHub.Admin.Tests.Unit.Users;

/// <summary>
/// The app's account services (Identity, its options, the audit log) on a fresh, migrated Sqlite file of their own,
/// without the web host. Disposing ends the provider and deletes the file.
/// </summary>
public sealed class IdentityServices : IAsyncDisposable
{
    private readonly string _dbPath;
    private readonly string _database;

    private IdentityServices(string dbPath, string database, ServiceProvider provider)
    {
        _dbPath = dbPath;
        _database = database;
        Provider = provider;
    }

    public ServiceProvider Provider { get; }

    /// <param name="settings">Configuration keys such as "Bootstrap:AdminPassword", as the app would read them.</param>
    /// <param name="configure">Registrations made before the account services, e.g. a fake <see cref="TimeProvider"/>.</param>
    public static async Task<IdentityServices> CreateAsync(
        IDictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null, CancellationToken ct = default)
    {
        var dbPath = Path.Combine(Path.GetTempPath(), $"bothub-unit-{Guid.NewGuid():N}.db");
        var database = TestDatabase.NewConnectionString(Path.GetDirectoryName(dbPath)!, Path.GetFileName(dbPath));
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build());
        services.AddTestDatabase(database);
        configure?.Invoke(services);
        services.TryAddSingleton(TimeProvider.System);
        services.AddAudit();
        services.AddAccountServices();

        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
        var result = new IdentityServices(dbPath, database, provider);
        try
        {
            await using var db = await result.CreateDbContextAsync(ct);
            await db.Database.MigrateAsync(ct);
            return result;
        }
        catch
        {
            await result.DisposeAsync();
            throw;
        }
    }

    public AsyncServiceScope CreateScope() => Provider.CreateAsyncScope();

    public T Get<T>()
        where T : notnull => Provider.GetRequiredService<T>();

    public Task<AppDbContext> CreateDbContextAsync(CancellationToken ct = default) =>
        Provider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(ct);

    public async ValueTask DisposeAsync()
    {
        await Provider.DisposeAsync();
        await TestDatabase.DropAsync(_database);
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _dbPath, _dbPath + "-wal", _dbPath + "-shm", _dbPath + "-journal" })
        {
            File.Delete(file);
        }
    }
}
