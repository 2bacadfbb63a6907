using BotHub.Admin.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;

namespace BotHub.Admin.Tests.Unit.Data;

/// <summary>Database:Provider picks Sqlite or PostgreSQL; each has a committed migration set that matches the model.</summary>
public sealed class DatabaseProviderTests
{
    [Theory]
    [InlineData(null, DatabaseProvider.Sqlite)]
    [InlineData("", DatabaseProvider.Sqlite)]
    [InlineData("Sqlite", DatabaseProvider.Sqlite)]
    [InlineData("postgres", DatabaseProvider.Postgres)]
    [InlineData(" Postgres ", DatabaseProvider.Postgres)]
    public void KnownValues_PickTheirProvider(string? value, DatabaseProvider expected) =>
        Assert.Equal(expected, DatabaseProviders.FromConfiguration(Config(value)));

    [Theory]
    [InlineData("MySql")]
    [InlineData("1")]
    [InlineData("PostgreSQL15")]
    public void AnotherValue_StopsTheApp_NamingTheKeyAndTheChoices(string value)
    {
        var e = Assert.Throws<InvalidOperationException>(() => DatabaseProviders.FromConfiguration(Config(value)));
        Assert.Contains("Database:Provider", e.Message, StringComparison.Ordinal);
        Assert.Contains(value, e.Message, StringComparison.Ordinal);
        Assert.Contains("Sqlite or Postgres", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SqliteMigrations_MatchTheModel()
    {
        using var db = new AppDbContext(new DbContextOptionsBuilder<AppDbContext>().UseSqlite("Data Source=:memory:").Options);
        Assert.False(db.Database.HasPendingModelChanges(), "The model changed without a Sqlite migration (dotnet ef migrations add X).");
        Assert.NotEmpty(db.Database.GetMigrations());
    }

    [Fact]
    public void PostgresMigrations_MatchTheModel_AndAreTheirOwnSet()
    {
        using var db = new PostgresDesignTimeFactory().CreateDbContext([]);
        Assert.False(db.Database.HasPendingModelChanges(),
            "The model changed without a PostgreSQL migration (dotnet ef migrations add X --context PostgresDbContext --output-dir Data/Migrations/Postgres).");
        using var sqlite = new AppDbContext(new DbContextOptionsBuilder<AppDbContext>().UseSqlite("Data Source=:memory:").Options);
        Assert.NotEmpty(db.Database.GetMigrations());
        Assert.Empty(db.Database.GetMigrations().Intersect(sqlite.Database.GetMigrations()));
    }

    private static IConfiguration Config(string? value) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Database:Provider"] = value }).Build();
}
