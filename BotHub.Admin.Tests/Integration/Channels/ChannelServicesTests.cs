using System.Text;
using BotHub.Admin.Data;
using BotHub.Admin.Features.Audit;
using BotHub.Admin.Features.Broadcasts;
using BotHub.Admin.Features.Channels;
using BotHub.Admin.Tests.Infrastructure;
using BotHub.Admin.Tests.Integration.Sending;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using BotHub.Admin.Features.Sending;

namespace BotHub.Admin.Tests.Integration.Channels;

/// <summary>The keys page's operations on the real app and its Sqlite file: audited, refused with reasons, keys encrypted.</summary>
public sealed class ChannelServicesTests(EngineTestApp app) : IClassFixture<EngineTestApp>
{
    private static readonly AuditActor Admin = new("admin-1", "admin@test.local", "10.1.2.3");
    private static int _lastBot;

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    private ChannelEditor Editor => app.Services.GetRequiredService<ChannelEditor>();
    private ChannelKeys Keys => app.Services.GetRequiredService<ChannelKeys>();

    private static string NewBot() => $"+86135{Interlocked.Increment(ref _lastBot):D8}";

    private async Task<(int Id, string Bot)> CreateAsync(CancellationToken ct)
    {
        var bot = NewBot();
        var result = await Editor.CreateAsync(new ChannelForm { BotPhone = bot, Name = "Keys bot", TimeZone = EngineTestApp.NoonZone(), Tier = 1 }, Admin, ct);
        Assert.True(result.Ok, result.Error?.ToString());
        return (result.Id!.Value, bot);
    }

    private async Task<List<AuditEntry>> AuditOfAsync(string bot)
    {
        await using var db = await app.DbAsync(Ct);
        return await db.AuditEntries.AsNoTracking().Where(e => e.Subject == bot).OrderBy(e => e.Id).ToListAsync(Ct);
    }

    [Fact]
    public async Task EveryOperation_WritesItsAuditEntry_WithWhoAndWhere_AndNeverTheKeyOrSecret()
    {
        var (id, bot) = await CreateAsync(Ct);
        const string first = "sk-audit-first-key-7001";
        const string second = "sk-audit-second-key-7002";

        Assert.True((await Editor.UpdateAsync(id, new ChannelForm { Name = "Renamed", TimeZone = "Asia/Shanghai", Tier = 2, RatePerSecond = 10 }, Admin, Ct)).Ok);
        var added = await Keys.AddAsync(id, first, Admin, Ct);
        Assert.Equal(first, added.Secret);
        var rotated = await Keys.RotateAsync(added.Id!.Value, second, Admin, Ct);
        Assert.Equal(second, rotated.Secret);
        Assert.True((await Keys.SetEnabledAsync(added.Id.Value, false, Admin, Ct)).Ok);
        Assert.True((await Keys.SetEnabledAsync(added.Id.Value, true, Admin, Ct)).Ok);
        var test = await app.Services.GetRequiredService<KeyTester>().TestAsync(rotated.Id!.Value, null, Admin, Ct);
        Assert.True(test.Works, test.Outcome?.Error?.ToString());
        Assert.True((await Keys.DeleteAsync(added.Id.Value, Admin, Ct)).Ok);
        var secret = await app.Services.GetRequiredService<ChannelAdmin>().NewWebhookSecretAsync(id, Admin, Ct);
        Assert.NotNull(secret.Secret);

        var (other, otherBot) = await CreateAsync(Ct);
        Assert.True((await Editor.DeleteAsync(other, Admin, Ct)).Ok);

        var entries = await AuditOfAsync(bot);
        Assert.Equal(
            [AuditKind.ChannelCreated, AuditKind.ChannelEdited, AuditKind.ApiKeyAdded, AuditKind.ApiKeyRotated, AuditKind.ApiKeyDisabled,
                AuditKind.ApiKeyEnabled, AuditKind.ApiKeyTested, AuditKind.ApiKeyDeleted, AuditKind.WebhookSecretRotated],
            entries.Select(e => e.Kind));
        Assert.All(entries, e => Assert.Equal(("admin-1", "admin@test.local", "10.1.2.3"), (e.ActorId, e.ActorName, e.Address)));
        Assert.Contains("tier 1 → 2", entries[1].Details, StringComparison.Ordinal);
        Assert.Contains("name Keys bot → Renamed", entries[1].Details, StringComparison.Ordinal);
        Assert.Contains("rate 20 → 10", entries[1].Details, StringComparison.Ordinal);
        Assert.Equal("key ••••7001 added", entries[2].Details);
        Assert.Contains("key ••••7002 added to take over from key ••••7001", entries[3].Details, StringComparison.Ordinal);
        Assert.Equal("key ••••7001 disabled", entries[4].Details);
        Assert.Contains("key ••••7002 tested", entries[6].Details, StringComparison.Ordinal);
        Assert.Equal("key ••••7001 deleted", entries[7].Details);
        Assert.Equal([AuditKind.ChannelCreated, AuditKind.ChannelDeleted], (await AuditOfAsync(otherBot)).Select(e => e.Kind));

        await using var db = await app.DbAsync(Ct);
        var all = await db.AuditEntries.AsNoTracking().ToListAsync(Ct);
        foreach (var text in new[] { first, second, secret.Secret! })
        {
            Assert.DoesNotContain(all, e => (e.Details ?? "").Contains(text, StringComparison.Ordinal) || (e.Subject ?? "").Contains(text, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task AddedKey_IsStoredEncrypted_NotInTheDatabaseFileNorItsWal()
    {
        var (id, bot) = await CreateAsync(Ct);
        const string key = "sk-at-rest-Very-Distinct-Key-9090";
        await using var db = await app.DbAsync(Ct);

        // A connection kept open keeps the -wal file (the last one to close folds it into the database and deletes it).
        await db.Database.OpenConnectionAsync(Ct);
        await db.ApiKeys.CountAsync(Ct);
        var added = await Keys.AddAsync(id, key, Admin, Ct);

        Assert.True(added.Ok);
        var info = await app.Services.GetRequiredService<ChannelDirectory>().FindAsync(bot, Ct);
        Assert.Equal(key, info!.EnabledApiKeys[0]);
        var row = await db.ApiKeys.AsNoTracking().SingleAsync(k => k.Id == added.Id, Ct);
        Assert.Equal("9090", row.Last4);
        Assert.Equal(Admin.UserName, row.CreatedBy);
        var file = new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource;
        var paths = new[] { file, file + "-wal" }.Where(File.Exists).ToList();
        Assert.Contains(file + "-wal", paths);
        foreach (var path in paths)
        {
            // Read shared: the app has the file open.
            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy, Ct);
            Assert.Equal(-1, copy.ToArray().AsSpan().IndexOf(Encoding.UTF8.GetBytes(key)));
        }
    }

    [Fact]
    public async Task Create_RefusesADuplicateBotPhone_AndNormalisesTheNumber()
    {
        var bot = NewBot();
        var typed = "00" + bot[1..4] + " " + bot[4..8] + "-" + bot[8..];

        var first = await Editor.CreateAsync(new ChannelForm { BotPhone = typed, Name = "One", TimeZone = "UTC" }, Admin, Ct);
        var again = await Editor.CreateAsync(new ChannelForm { BotPhone = bot, Name = "Two", TimeZone = "UTC" }, Admin, Ct);
        var bad = await Editor.CreateAsync(new ChannelForm { BotPhone = "12", Name = "Three", TimeZone = "UTC" }, Admin, Ct);

        Assert.True(first.Ok);
        Assert.Equal(ChannelError.DuplicatePhone, again.Error);
        Assert.Equal(ChannelError.InvalidPhone, bad.Error);
        await using var db = await app.DbAsync(Ct);
        var channel = await db.Channels.AsNoTracking().SingleAsync(c => c.Id == first.Id, Ct);
        Assert.Equal(bot, channel.BotPhone);
        Assert.Equal((20, 20), (channel.RatePerSecond, channel.Burst));
        Assert.NotNull(channel.WebhookSecretProtected);
    }

    [Fact]
    public async Task DeleteKey_RefusedWhileAnActiveBroadcastNeedsTheChannelsLastEnabledKey()
    {
        var (id, _) = await CreateAsync(Ct);
        var only = await Keys.AddAsync(id, null, Admin, Ct);
        await using (var db = await app.DbAsync(Ct))
        {
            // Paused: the engine leaves it alone, and it may be resumed at any moment.
            await db.AddBroadcastAsync(id, BroadcastState.Paused, DateTime.UtcNow, "paused", BroadcastSeed.Delivery("+8613300000001", DeliveryState.Queued));
        }

        Assert.Equal(ChannelError.LastKeyInUse, (await Keys.DeleteAsync(only.Id!.Value, Admin, Ct)).Error);
        Assert.Equal(ChannelError.HasActiveBroadcasts, (await Editor.DeleteAsync(id, Admin, Ct)).Error);

        // Disabling stays possible: it is how a leaked key is stopped at once.
        Assert.True((await Keys.SetEnabledAsync(only.Id.Value, false, Admin, Ct)).Ok);
        Assert.True((await Keys.SetEnabledAsync(only.Id.Value, true, Admin, Ct)).Ok);
        var other = await Keys.AddAsync(id, null, Admin, Ct);
        Assert.True((await Keys.DeleteAsync(only.Id.Value, Admin, Ct)).Ok);
        Assert.Equal(ChannelError.LastKeyInUse, (await Keys.DeleteAsync(other.Id!.Value, Admin, Ct)).Error);
    }

    [Fact]
    public async Task DeleteChannel_WithHistory_IsRefused_WithoutHistory_GoesWithItsKeys()
    {
        var (used, _) = await CreateAsync(Ct);
        var (unused, _) = await CreateAsync(Ct);
        await Keys.AddAsync(unused, null, Admin, Ct);
        await using (var db = await app.DbAsync(Ct))
        {
            await db.AddBroadcastAsync(used, BroadcastState.Completed, DateTime.UtcNow, "done", BroadcastSeed.Delivery("+8613300000002", DeliveryState.Sent));
        }

        Assert.Equal(ChannelError.HasHistory, (await Editor.DeleteAsync(used, Admin, Ct)).Error);
        Assert.True((await Editor.DeleteAsync(unused, Admin, Ct)).Ok);
        Assert.Equal(ChannelError.NotFound, (await Editor.DeleteAsync(unused, Admin, Ct)).Error);
        await using var check = await app.DbAsync(Ct);
        Assert.False(await check.ApiKeys.AnyAsync(k => k.ChannelId == unused, Ct));
    }
}
