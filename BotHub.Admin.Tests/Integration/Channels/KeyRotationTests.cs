using BotHub.Admin.Features.Audit;
using BotHub.Admin.Features.Broadcasts;
using BotHub.Admin.Features.Channels;
using BotHub.Admin.Features.Provider;
using BotHub.Admin.Features.Sending;
using BotHub.Admin.Tests.Infrastructure;
using BotHub.Admin.Tests.Integration.Sending;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BotHub.Admin.Tests.Integration.Channels;

/// <summary>Keys on the running engine and the in-app sandbox: rotation, the key test, and each key's counts.</summary>
public sealed class KeyRotationTests(EngineTestApp app) : IClassFixture<EngineTestApp>
{
    private static readonly AuditActor Admin = new("admin-1", "admin@test.local", "10.1.2.3");
    private static int _lastBot;

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    private ChannelKeys Keys => app.Services.GetRequiredService<ChannelKeys>();
    private KeyTester Tester => app.Services.GetRequiredService<KeyTester>();

    private async Task<(int Id, string Bot)> CreateAsync()
    {
        var bot = $"+86134{Interlocked.Increment(ref _lastBot):D8}";
        var result = await app.Services.GetRequiredService<ChannelEditor>()
            .CreateAsync(new ChannelForm { BotPhone = bot, Name = "Rotation bot", TimeZone = EngineTestApp.NoonZone() }, Admin, Ct);
        Assert.True(result.Ok, result.Error?.ToString());
        return (result.Id!.Value, bot);
    }

    [Fact]
    public async Task Rotate_TheNewKeySends_WhileTheOldStillWorksWithTheProviderUntilDisabled()
    {
        var (id, bot) = await CreateAsync();
        var old = await Keys.AddAsync(id, "sk-rotation-old-key-1111", Admin, Ct);
        var replacement = await Keys.RotateAsync(old.Id!.Value, "sk-rotation-new-key-2222", Admin, Ct);
        var users = EngineTestApp.NewUsers(3);
        await app.WriteInAsync(bot, users, Ct);

        var broadcast = await app.BroadcastAsync(id, users, Ct);
        await app.WaitSettledAsync(broadcast, Ct);

        await using (var db = await app.DbAsync(Ct))
        {
            var keysUsed = await db.DeliveryAttempts.AsNoTracking()
                .Where(a => db.Set<Delivery>().Any(d => d.Id == a.DeliveryId && d.BroadcastId == broadcast)).Select(a => a.ApiKeyId).ToListAsync(Ct);
            Assert.Equal(6, keysUsed.Count); // a check and a send for each user
            Assert.All(keysUsed, k => Assert.Equal(replacement.Id, k));
            Assert.Equal(3, await db.Deliveries.CountAsync(d => d.BroadcastId == broadcast && d.State == DeliveryState.Sent, Ct));
            var keys = await db.ApiKeys.AsNoTracking().Where(k => k.ChannelId == id).ToDictionaryAsync(k => k.Id, Ct);
            Assert.NotNull(keys[replacement.Id!.Value].LastUsedUtc);
            Assert.Null(keys[old.Id.Value].LastUsedUtc);
            Assert.True(keys[old.Id.Value].IsEnabled);
        }

        var before = await Tester.TestAsync(old.Id.Value, users[0], Admin, Ct);
        Assert.True(before.Works && before.CanPush, before.Outcome?.Error?.ToString());

        await Keys.SetEnabledAsync(old.Id.Value, false, Admin, Ct);
        var after = await Tester.TestAsync(old.Id.Value, users[0], Admin, Ct);

        Assert.False(after.Works);
        Assert.Equal(10002, after.Outcome!.Error!.Code);
        Assert.Equal(OutcomeKind.ChannelMisconfigured, after.Outcome.Kind);
    }

    [Fact]
    public async Task KeyTest_AgainstTheSandbox_GivesTheDecodedAnswer_AndIsRecordedAsTheKeysUse()
    {
        var (id, bot) = await CreateAsync();
        var key = await Keys.AddAsync(id, null, Admin, Ct);
        var user = EngineTestApp.NewUsers(1)[0];
        await app.WriteInAsync(bot, [user], Ct);

        var canPush = await Tester.TestAsync(key.Id!.Value, user, Admin, Ct);
        var silent = await Tester.TestAsync(key.Id.Value, null, Admin, Ct);
        var badNumber = await Tester.TestAsync(key.Id.Value, "12", Admin, Ct);
        app.Account.SetKeys(bot, "sk-the-only-key-the-provider-knows-now");
        var revoked = await Tester.TestAsync(key.Id.Value, user, Admin, Ct);
        app.Account.SetKeys(bot, key.Secret!);

        Assert.True(canPush.Works && canPush.CanPush);
        Assert.True(silent.Works);
        Assert.False(silent.CanPush);
        Assert.Equal(bot, silent.Phone);
        Assert.Equal("no_message_today", silent.Reason);
        Assert.Equal(ChannelError.InvalidPhone, badNumber.Error);
        Assert.Equal(10002, revoked.Outcome!.Error!.Code);
        Assert.Single(app.Requests.Checks(bot));

        var summary = (await app.Services.GetRequiredService<ChannelSummaries>().ListAsync(Ct)).Single(c => c.Id == id).Keys.Single();
        Assert.Equal((3, 1), (summary.Requests24h, summary.Errors24h));
        Assert.Equal(10002, summary.LatestCode);
        Assert.True(summary.Broken);
        Assert.NotNull(summary.LastUsedUtc);
    }

    [Fact]
    public async Task PerKeyCounts_AreTheLast24HoursOfRequestsAndErrors_AndTheLatestAnswerWins()
    {
        var (id, _) = await CreateAsync();
        var first = (await Keys.AddAsync(id, null, Admin, Ct)).Id!.Value;
        var second = (await Keys.AddAsync(id, null, Admin, Ct)).Id!.Value;
        var now = DateTime.UtcNow;
        await using (var db = await app.DbAsync(Ct))
        {
            // Completed: the engine does not touch it.
            var b = await db.AddBroadcastAsync(id, BroadcastState.Completed, now.AddDays(-2), "history", BroadcastSeed.Delivery("+8613300000009", DeliveryState.Sent));
            var delivery = await db.Deliveries.Where(d => d.BroadcastId == b.Id).Select(d => d.Id).SingleAsync(Ct);
            await db.AddAttemptsAsync(delivery,
                Attempt(first, now.AddHours(-30), OutcomeKind.Accepted, null),
                Attempt(first, now.AddHours(-23), OutcomeKind.Accepted, null),
                Attempt(first, now.AddHours(-3), OutcomeKind.Transient, 80002),
                Attempt(first, now.AddHours(-2), OutcomeKind.AlreadyProcessed, 10011),
                Attempt(first, now.AddHours(-1), OutcomeKind.ChannelMisconfigured, 10006),
                Attempt(second, now.AddHours(-5), OutcomeKind.ChannelMisconfigured, 10002),
                Attempt(second, now.AddHours(-4), OutcomeKind.Accepted, null));
        }

        var keys = (await app.Services.GetRequiredService<ChannelSummaries>().ListAsync(Ct)).Single(c => c.Id == id).Keys;

        var a = keys.Single(k => k.Id == first);
        var s = keys.Single(k => k.Id == second);
        Assert.Equal((4, 2, 10006, true), (a.Requests24h, a.Errors24h, a.LatestCode, a.Broken));
        Assert.Equal((2, 1, (int?)null, false), (s.Requests24h, s.Errors24h, s.LatestCode, s.Broken));
        Assert.True(s.Sending);
        Assert.False(a.Sending);
    }

    private static DeliveryAttempt Attempt(int key, DateTime at, OutcomeKind outcome, int? code)
    {
        var attempt = BroadcastSeed.Attempt(AttemptKind.Send, at, outcome, 200, code);
        attempt.ApiKeyId = key;
        return attempt;
    }
}
