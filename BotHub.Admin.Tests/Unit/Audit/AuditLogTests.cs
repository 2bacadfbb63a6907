using BotHub.Admin.Features.Audit;
using BotHub.Admin.Tests.Unit.Users;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace BotHub.Admin.Tests.Unit.Audit;

/// <summary>The audit log on a real, migrated Sqlite file: what is written, that it cannot change, and how it is searched.</summary>
public sealed class AuditLogTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 10, 30, 15, TimeSpan.Zero);

    private readonly FakeTimeProvider _time = new(Start);
    private IdentityServices _services = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private AuditLog Log => _services.Get<AuditLog>();
    private AuditQuery Query => _services.Get<AuditQuery>();

    public async ValueTask InitializeAsync() =>
        _services = await IdentityServices.CreateAsync(configure: s => s.AddSingleton<TimeProvider>(_time), ct: Ct);

    public async ValueTask DisposeAsync() => await _services.DisposeAsync();

    private async Task WriteAtAsync(DateTimeOffset at, string user, AuditKind kind = AuditKind.SignIn, string? subject = null)
    {
        _time.AdjustTime(at);
        await Log.WriteAsync(new AuditActor(null, user, "127.0.0.1"), kind, subject, ct: Ct);
    }

    private async Task<AuditEntry> SingleEntryAsync()
    {
        await using var db = await _services.CreateDbContextAsync(Ct);
        return Assert.Single(await db.AuditEntries.AsNoTracking().ToListAsync(Ct));
    }

    [Fact]
    public async Task WriteAsync_Entry_StoredWithTimeFromTimeProvider()
    {
        await Log.WriteAsync(new AuditActor("user-1", "alice@example.com", "203.0.113.7"), AuditKind.RolesChanged,
            "bob@example.com", "roles: Staff → Manager", Ct);

        var entry = await SingleEntryAsync();
        Assert.True(entry.Id > 0);
        Assert.Equal(Start.UtcDateTime, entry.AtUtc);
        Assert.Equal(DateTimeKind.Utc, entry.AtUtc.Kind);
        Assert.Equal(AuditKind.RolesChanged, entry.Kind);
        Assert.Equal("user-1", entry.ActorId);
        Assert.Equal("alice@example.com", entry.ActorName);
        Assert.Equal("203.0.113.7", entry.Address);
        Assert.Equal("bob@example.com", entry.Subject);
        Assert.Equal("roles: Staff → Manager", entry.Details);
    }

    [Fact]
    public async Task WriteAsync_OverLongFields_TrimmedToColumnSizes()
    {
        await Log.WriteAsync(new AuditActor(null, new string('n', 300), new string('a', 100)), AuditKind.SignInFailed,
            new string('s', 300), new string('d', 2500), Ct);

        var entry = await SingleEntryAsync();
        Assert.Equal(new string('n', 256), entry.ActorName);
        Assert.Equal(new string('a', 64), entry.Address);
        Assert.Equal(new string('s', 256), entry.Subject);
        Assert.Equal(new string('d', 2000), entry.Details);
    }

    [Fact]
    public async Task WriteAsync_NullFields_StoredAsNull()
    {
        await Log.WriteAsync(AuditActor.System, AuditKind.SignOut, ct: Ct);

        var entry = await SingleEntryAsync();
        Assert.Equal("system", entry.ActorName);
        Assert.Null(entry.ActorId);
        Assert.Null(entry.Address);
        Assert.Null(entry.Subject);
        Assert.Null(entry.Details);
    }

    [Fact]
    public async Task SaveChanges_ModifiedEntry_ThrowsAndRowUnchanged()
    {
        await Log.WriteAsync(AuditActor.System, AuditKind.UserCreated, "bob@example.com", "original", Ct);

        await using (var db = await _services.CreateDbContextAsync(Ct))
        {
            var entry = await db.AuditEntries.SingleAsync(Ct);
            entry.Details = "rewritten";
            await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync(Ct));
            Assert.Throws<InvalidOperationException>(() => db.SaveChanges());
        }

        Assert.Equal("original", (await SingleEntryAsync()).Details);
    }

    [Fact]
    public async Task SaveChanges_DeletedEntry_ThrowsAndRowKept()
    {
        await Log.WriteAsync(AuditActor.System, AuditKind.UserCreated, "bob@example.com", "original", Ct);

        await using (var db = await _services.CreateDbContextAsync(Ct))
        {
            db.AuditEntries.Remove(await db.AuditEntries.SingleAsync(Ct));
            await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync(Ct));
        }

        Assert.Equal("original", (await SingleEntryAsync()).Details);
    }

    [Theory]
    [InlineData("UPDATE AuditEntries SET Details = 'rewritten', Subject = 'someone else'")]
    [InlineData("DELETE FROM AuditEntries")]
    public async Task RawSql_UpdateOrDelete_RefusedByTriggerAndRowUnchanged(string sql)
    {
        await Log.WriteAsync(AuditActor.System, AuditKind.UserCreated, "bob@example.com", "original", Ct);

        await using (var db = await _services.CreateDbContextAsync(Ct))
        {
            var ex = await Assert.ThrowsAsync<SqliteException>(() => db.Database.ExecuteSqlRawAsync(sql, Ct));
            Assert.Contains("append-only", ex.Message, StringComparison.Ordinal);
        }

        var entry = await SingleEntryAsync();
        Assert.Equal("original", entry.Details);
        Assert.Equal("bob@example.com", entry.Subject);
    }

    [Fact]
    public async Task ExecuteUpdateAndDelete_BypassingChangeTracker_RefusedByTrigger()
    {
        await Log.WriteAsync(AuditActor.System, AuditKind.UserCreated, "bob@example.com", "original", Ct);

        await using (var db = await _services.CreateDbContextAsync(Ct))
        {
            await Assert.ThrowsAsync<SqliteException>(() =>
                db.AuditEntries.ExecuteUpdateAsync(s => s.SetProperty(e => e.Details, "rewritten"), Ct));
            await Assert.ThrowsAsync<SqliteException>(() => db.AuditEntries.ExecuteDeleteAsync(Ct));
        }

        Assert.Equal("original", (await SingleEntryAsync()).Details);
    }

    [Fact]
    public async Task AuditFilter_UserSubstring_MatchesOnlyThatUser()
    {
        await WriteAtAsync(Start, "alice@example.com");
        await WriteAtAsync(Start.AddMinutes(1), "bob@example.com");
        await WriteAtAsync(Start.AddMinutes(2), "malice@example.org");

        var (items, total) = await Query.PageAsync(new AuditFilter(User: " alice "), 0, 50, Ct);

        Assert.Equal(2, total);
        Assert.Equal(["malice@example.org", "alice@example.com"], items.Select(e => e.ActorName));
    }

    [Fact]
    public async Task AuditFilter_Kind_MatchesOnlyThatKind()
    {
        await WriteAtAsync(Start, "alice@example.com", AuditKind.SignIn);
        await WriteAtAsync(Start.AddMinutes(1), "alice@example.com", AuditKind.SignInFailed, "first");
        await WriteAtAsync(Start.AddMinutes(2), "bob@example.com", AuditKind.SignOut);
        await WriteAtAsync(Start.AddMinutes(3), "bob@example.com", AuditKind.SignInFailed, "second");

        var (items, total) = await Query.PageAsync(new AuditFilter(Kind: AuditKind.SignInFailed), 0, 50, Ct);

        Assert.Equal(2, total);
        Assert.Equal(["second", "first"], items.Select(e => e.Subject));
    }

    [Fact]
    public async Task AuditFilter_DateRange_IncludesWholeDaysAtBothEnds()
    {
        var day1 = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
        await WriteAtAsync(day1.AddDays(1).AddTicks(-1), "u", subject: "before");      // 03-01 23:59:59.9999999
        await WriteAtAsync(day1.AddDays(1), "u", subject: "first moment");             // 03-02 00:00:00
        await WriteAtAsync(day1.AddDays(2).AddHours(12), "u", subject: "middle");      // 03-03 12:00
        await WriteAtAsync(day1.AddDays(3).AddTicks(-1), "u", subject: "last moment"); // 03-03 23:59:59.9999999
        await WriteAtAsync(day1.AddDays(3), "u", subject: "after");                    // 03-04 00:00:00

        var filter = new AuditFilter(From: new DateOnly(2026, 3, 2), To: new DateOnly(2026, 3, 3));
        var (items, total) = await Query.PageAsync(filter, 0, 50, Ct);

        Assert.Equal(3, total);
        Assert.Equal(["last moment", "middle", "first moment"], items.Select(e => e.Subject));
    }

    [Fact]
    public async Task AuditFilter_DaysOfThePersonsZone_StartAtTheirMidnight()
    {
        // 2 March in Shanghai runs from 1 March 16:00 UTC to 2 March 16:00 UTC.
        var shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        var midnight = new DateTimeOffset(2026, 3, 1, 16, 0, 0, TimeSpan.Zero);
        await WriteAtAsync(midnight.AddTicks(-1), "u", subject: "1 March there");
        await WriteAtAsync(midnight, "u", subject: "first moment");
        await WriteAtAsync(midnight.AddDays(1).AddTicks(-1), "u", subject: "last moment");
        await WriteAtAsync(midnight.AddDays(1), "u", subject: "3 March there");

        var day = new DateOnly(2026, 3, 2);
        var (items, _) = await Query.PageAsync(new AuditFilter(From: day, To: day, Zone: shanghai), 0, 50, Ct);

        Assert.Equal(["last moment", "first moment"], items.Select(e => e.Subject));
    }

    [Fact]
    public async Task AuditFilter_SameDayFromAndTo_IncludesThatWholeDay()
    {
        var day = new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);
        await WriteAtAsync(day.AddSeconds(-1), "u", subject: "before");
        await WriteAtAsync(day, "u", subject: "midnight");
        await WriteAtAsync(day.AddHours(23).AddMinutes(59).AddSeconds(59), "u", subject: "late");
        await WriteAtAsync(day.AddDays(1), "u", subject: "after");

        var one = DateOnly.FromDateTime(day.UtcDateTime);
        var (items, _) = await Query.PageAsync(new AuditFilter(From: one, To: one), 0, 50, Ct);

        Assert.Equal(["late", "midnight"], items.Select(e => e.Subject));
    }

    [Fact]
    public async Task AuditFilter_OpenEndedRange_UsesOnlyTheGivenEnd()
    {
        var day = new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);
        await WriteAtAsync(day.AddDays(-1), "u", subject: "day before");
        await WriteAtAsync(day, "u", subject: "day");
        await WriteAtAsync(day.AddDays(1), "u", subject: "day after");
        var d = DateOnly.FromDateTime(day.UtcDateTime);

        var (fromOnly, _) = await Query.PageAsync(new AuditFilter(From: d), 0, 50, Ct);
        var (toOnly, _) = await Query.PageAsync(new AuditFilter(To: d), 0, 50, Ct);

        Assert.Equal(["day after", "day"], fromOnly.Select(e => e.Subject));
        Assert.Equal(["day", "day before"], toOnly.Select(e => e.Subject));
    }

    [Fact]
    public async Task AuditFilter_CombinedFilters_AllMustMatch()
    {
        await WriteAtAsync(Start, "alice@example.com", AuditKind.SignInFailed, "match");
        await WriteAtAsync(Start, "bob@example.com", AuditKind.SignInFailed, "other user");
        await WriteAtAsync(Start, "alice@example.com", AuditKind.SignIn, "other kind");
        await WriteAtAsync(Start.AddDays(2), "alice@example.com", AuditKind.SignInFailed, "other day");

        var d = DateOnly.FromDateTime(Start.UtcDateTime);
        var (items, total) = await Query.PageAsync(new AuditFilter("alice", AuditKind.SignInFailed, d, d), 0, 50, Ct);

        Assert.Equal(1, total);
        Assert.Equal("match", Assert.Single(items).Subject);
    }

    [Fact]
    public async Task AuditFilter_NoFilter_NewestFirstAndTiesByLatestWrite()
    {
        await WriteAtAsync(Start.AddHours(1), "u", subject: "middle");
        await WriteAtAsync(Start, "u", subject: "oldest");
        await WriteAtAsync(Start.AddHours(2), "u", subject: "newest, written first");
        await WriteAtAsync(Start.AddHours(2), "u", subject: "newest, written second");

        var streamed = new List<string?>();
        await foreach (var e in Query.StreamAsync(new AuditFilter(), Ct))
        {
            streamed.Add(e.Subject);
        }

        Assert.Equal(["newest, written second", "newest, written first", "middle", "oldest"], streamed);
    }

    [Fact]
    public async Task PageAsync_SecondAndLastPages_RightItemsAndTotal()
    {
        for (var i = 1; i <= 25; i++)
        {
            await WriteAtAsync(Start.AddMinutes(i), "u", subject: $"#{i}");
        }

        var (first, total) = await Query.PageAsync(new AuditFilter(), 0, 10, Ct);
        var (second, total2) = await Query.PageAsync(new AuditFilter(), 1, 10, Ct);
        var (last, total3) = await Query.PageAsync(new AuditFilter(), 2, 10, Ct);
        var (beyond, total4) = await Query.PageAsync(new AuditFilter(), 3, 10, Ct);

        Assert.All(new[] { total, total2, total3, total4 }, t => Assert.Equal(25, t));
        Assert.Equal(Enumerable.Range(16, 10).Reverse().Select(i => $"#{i}"), first.Select(e => e.Subject));
        Assert.Equal(Enumerable.Range(6, 10).Reverse().Select(i => $"#{i}"), second.Select(e => e.Subject));
        Assert.Equal(Enumerable.Range(1, 5).Reverse().Select(i => $"#{i}"), last.Select(e => e.Subject));
        Assert.Empty(beyond);
    }

    [Fact]
    public async Task PageAsync_WithFilter_TotalCountsOnlyMatches()
    {
        for (var i = 1; i <= 12; i++)
        {
            await WriteAtAsync(Start.AddMinutes(i), i % 3 == 0 ? "alice@example.com" : "bob@example.com", subject: $"#{i}");
        }

        var (items, total) = await Query.PageAsync(new AuditFilter(User: "alice"), 1, 3, Ct);

        Assert.Equal(4, total);
        Assert.Equal(["#3"], items.Select(e => e.Subject));
    }
}
