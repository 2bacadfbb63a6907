using System.Text;
using BotHub.Admin.Data;
using BotHub.Admin.Tests.Infrastructure;
using BotHub.Admin.Features.Audit;
using BotHub.Admin.Features.Recipients;
using BotHub.Admin.Features.Recipients.Csv;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using BotHub.Admin.Features.Provider;

namespace BotHub.Admin.Tests.Unit.Recipients.Csv;

/// <summary>The CSV import and export services on a fresh, migrated Sqlite file (default region CN unless given); disposing deletes it.</summary>
public sealed class CsvServices : IAsyncDisposable
{
    private readonly string _dbPath;
    private readonly string _database;
    private readonly ServiceProvider _provider;

    private CsvServices(string dbPath, string database, ServiceProvider provider)
    {
        _dbPath = dbPath;
        _database = database;
        _provider = provider;
    }

    public RecipientImporter Importer => _provider.GetRequiredService<RecipientImporter>();
    public RecipientExporter Exporter => _provider.GetRequiredService<RecipientExporter>();

    public static async Task<CsvServices> CreateAsync(CancellationToken ct, string? defaultRegion = "CN")
    {
        var dbPath = Path.Combine(Path.GetTempPath(), $"bothub-csv-{Guid.NewGuid():N}.db");
        var services = new ServiceCollection();
        services.AddLogging();
        var database = TestDatabase.NewConnectionString(Path.GetDirectoryName(dbPath)!, Path.GetFileName(dbPath));
        services.AddTestDatabase(database);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(new PhoneNormalizer(defaultRegion));
        services.AddSingleton<AuditLog>();
        services.AddSingleton<RecipientQuery>();
        services.AddRecipientCsv();
        var result = new CsvServices(dbPath, database, services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true }));
        await using var db = await result.DbAsync(ct);
        await db.Database.MigrateAsync(ct);
        if (db.Database.IsSqlite())
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        }
        return result;
    }

    public Task<AppDbContext> DbAsync(CancellationToken ct) =>
        _provider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(ct);

    public static MemoryStream Utf8(string text, bool bom = false) =>
        new([.. (bom ? "\uFEFF"u8.ToArray() : []), .. Encoding.UTF8.GetBytes(text)]);

    /// <summary>Imports CSV text with the preview's suggested mapping unless one is given.</summary>
    public async Task<ImportResult> ImportAsync(string csv, ImportOptions? options = null, ColumnMapping? mapping = null,
        bool bom = false, IProgress<ImportProgress>? progress = null, string? byUser = "tester", CancellationToken ct = default)
    {
        mapping ??= (await CsvPreview.ReadPreviewAsync(Utf8(csv, bom), ct: ct)).Suggested;
        using var input = Utf8(csv, bom);
        return await Importer.ImportAsync(input, mapping, options, progress, byUser, ct);
    }

    public async Task<List<Recipient>> RecipientsAsync(CancellationToken ct)
    {
        await using var db = await DbAsync(ct);
        return await db.Recipients.AsNoTracking().Include(r => r.Tags).OrderBy(r => r.Phone).ToListAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        await _provider.DisposeAsync();
        await TestDatabase.DropAsync(_database);
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _dbPath, _dbPath + "-wal", _dbPath + "-shm", _dbPath + "-journal" })
        {
            File.Delete(file);
        }
    }
}
