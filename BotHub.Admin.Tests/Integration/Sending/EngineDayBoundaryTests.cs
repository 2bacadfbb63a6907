using System.Globalization;
using BotHub.Admin.Features.Audit;
using BotHub.Admin.Features.Broadcasts;
using BotHub.Admin.Features.Channels;
using BotHub.Admin.Features.Provider;
using BotHub.Admin.Features.Recipients;
using BotHub.Admin.Features.Sending;
using BotHub.Admin.Features.Tiers;
using BotHub.Admin.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BotHub.Admin.Tests.Integration.Sending;

/// <summary>
/// The engine across its channels' day boundaries, on a wall clock the tests move (<see cref="ShiftedTimeProvider"/>).
/// The app, its engine and the sandbox inside it read that one clock, so "today" is the same day for the app's
/// eligibility and quota as for the provider's opt-in rule and quota, and the webhook accepts the sandbox's stamps.
/// The clock belongs to the fixture: each test moves it (forward only) to the moment it needs, and has a channel and
/// users of its own.
/// </summary>
public sealed class EngineDayBoundaryTests(EngineDayBoundaryTests.App app) : IClassFixture<EngineDayBoundaryTests.App>
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    private static readonly AuditActor Staff = new("user-1", "staff@test.local", "127.0.0.1");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Tier 1 is 3 users a day in the app and at the provider; the wall clock is the test's.</summary>
    public sealed class App : EngineTestApp
    {
        public ShiftedTimeProvider Clock { get; } = new();

        protected override IDictionary<string, string?> Settings
        {
            get
            {
                var s = base.Settings;
                s["Bsp:Tiers:Tier1Limit"] = "3";
                s["Bsp:Sandbox:TierLimits:0"] = "3";
                return s;
            }
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(Clock));
        }
    }

    private DateTimeOffset Now => app.Clock.GetUtcNow();

    /// <summary>Moves the clock forward to <paramref name="before"/> ahead of one of the zone's midnights; returns that midnight.</summary>
    private DateTimeOffset JumpToBeforeMidnight(TimeZoneInfo zone, TimeSpan before)
    {
        var midnight = Eligibility.NextDayStartUtc(zone, Now + before);
        JumpTo(midnight - before);
        return midnight;
    }

    /// <summary>Moves the clock forward to the next <paramref name="timeOfDay"/> in a zone without daylight saving.</summary>
    private DateTimeOffset JumpToNext(TimeZoneInfo zone, TimeSpan timeOfDay)
    {
        var today = Eligibility.DayStartUtc(zone, Now) + timeOfDay;
        var at = today > Now.AddSeconds(1) ? today : Eligibility.NextDayStartUtc(zone, Now) + timeOfDay;
        JumpTo(at);
        return at;
    }

    private void JumpTo(DateTimeOffset at)
    {
        Assert.True(at > Now, $"the clock only moves forward (now {Now:O}, asked {at:O})");
        app.Clock.SetUtcNow(at);
    }

    private async Task<(Broadcast Broadcast, List<Delivery> Deliveries)> LoadAsync(int broadcastId)
    {
        await using var db = await app.DbAsync(Ct);
        var broadcast = await db.Broadcasts.AsNoTracking().SingleAsync(b => b.Id == broadcastId, Ct);
        return (broadcast, await db.Deliveries.AsNoTracking().Where(d => d.BroadcastId == broadcastId).OrderBy(d => d.Sequence).ToListAsync(Ct));
    }

    private async Task<List<(AttemptKind Kind, OutcomeKind Outcome, int? Code)>> AttemptsAsync(long deliveryId)
    {
        await using var db = await app.DbAsync(Ct);
        return (await db.DeliveryAttempts.AsNoTracking().Where(a => a.DeliveryId == deliveryId).OrderBy(a => a.Id).ToListAsync(Ct))
            .Select(a => (a.Kind, a.Outcome, a.Code)).ToList();
    }

    private async Task<List<QuotaUse>> QuotaUsesAsync(int channelId)
    {
        await using var db = await app.DbAsync(Ct);
        return await db.QuotaUses.AsNoTracking().Where(q => q.ChannelId == channelId).ToListAsync(Ct);
    }

    private Task WaitForStateAsync(int broadcastId, BroadcastState state, int seconds = 20) =>
        app.WaitUntilAsync(db => db.Broadcasts.AnyAsync(b => b.Id == broadcastId && b.State == state, Ct),
            $"broadcast {broadcastId} to be {state}", Ct, seconds);

    /// <summary>Neither a check nor a send ever went to the user, and their delivery has no attempt.</summary>
    private async Task AssertNoRequestAsync(Delivery d)
    {
        Assert.Empty(app.Requests.Checks(d.Phone));
        Assert.Empty(app.Requests.Sends(d.Phone));
        Assert.Empty(await AttemptsAsync(d.Id));
    }

    /// <summary>
    /// The users' last message to the channel, as the app stored it from the sandbox's signed webhook, carries the shared
    /// clock's time (the sandbox stamps it, the webhook judges its age on the same clock; Unix seconds drop the fraction).
    /// </summary>
    private async Task AssertLastWroteAsync(int channelId, IEnumerable<string> users, DateTimeOffset from)
    {
        var phones = users.ToList();
        await using var db = await app.DbAsync(Ct);
        var last = await db.RecipientActivity.Where(a => a.ChannelId == channelId)
            .Join(db.Recipients.Where(r => phones.Contains(r.Phone)), a => a.RecipientId, r => r.Id, (a, r) => a.LastInboundUtc)
            .ToListAsync(Ct);
        Assert.Equal(phones.Count, last.Count);
        Assert.All(last, t => Assert.InRange(t, from.UtcDateTime.AddSeconds(-1), Now.UtcDateTime));
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public async Task QuotaUsedUpBeforeMidnightInShanghai_RestWaitForItsMidnight_ThenForTheirUsers_AndGoOutOnTheNewDaysQuotaOnceTheyWrite()
    {
        // Close to midnight, so the worker's quota figures are under a minute old after the jump: only the change of day
        // makes it read the new day's quota again.
        var midnight = JumpToBeforeMidnight(Shanghai, TimeSpan.FromSeconds(30));
        var (oldDay, newDay) = (QuotaReader.LocalDay(Shanghai, midnight.AddMinutes(-1)), QuotaReader.LocalDay(Shanghai, midnight));
        var (channelId, bot) = await app.CreateChannelAsync(Ct, zone: Shanghai.Id);
        var users = EngineTestApp.NewUsers(5);
        var wroteFrom = Now;
        await app.WriteInAsync(bot, users, Ct);
        await AssertLastWroteAsync(channelId, users, wroteFrom);

        var broadcastId = await app.BroadcastAsync(channelId, users, Ct, m => m.KeepDays = 2);
        await app.WaitSettledAsync(broadcastId, Ct);

        var (broadcast, deliveries) = await LoadAsync(broadcastId);
        Assert.True(Now < midnight, "the first part ran before the channel's midnight");
        Assert.Equal(BroadcastState.WaitingForQuota, broadcast.State);
        Assert.Equal(midnight.AddDays(2).UtcDateTime, broadcast.ExpiresUtc);
        var sent = deliveries.Where(d => d.State == DeliveryState.Sent).ToList();
        var waiting = deliveries.Where(d => d.State == DeliveryState.WaitingForQuota).ToList();
        Assert.Equal((3, 2), (sent.Count, waiting.Count));
        // 16:00 UTC: Shanghai's midnight, not UTC's.
        Assert.Equal(16, midnight.UtcDateTime.Hour);
        Assert.All(waiting, d => Assert.Equal((midnight.UtcDateTime, 0), (d.NextAttemptUtc!.Value, d.Attempts)));
        foreach (var d in waiting)
        {
            await AssertNoRequestAsync(d);
        }

        var uses = await QuotaUsesAsync(channelId);
        Assert.All(uses, q => Assert.Equal(oldDay, q.Day));
        Assert.Equal(sent.Select(d => d.RecipientId!.Value).Order(), uses.Select(q => q.RecipientId).Order());

        // Past the channel's midnight the two are due on the new day's quota, but their users have not written today: the
        // broadcast, kept for 2 days, keeps them queued (looked at again in 5 minutes, or as soon as the user writes).
        var jumped = midnight.AddSeconds(5);
        JumpTo(jumped);
        var waitingIds = waiting.Select(d => d.Id).ToList();
        var midnightUtc = midnight.UtcDateTime;
        await app.WaitUntilAsync(async db => await db.Deliveries.CountAsync(d => waitingIds.Contains(d.Id) && d.State == DeliveryState.Queued
                && d.NextAttemptUtc > midnightUtc, Ct) == 2
            && await db.Broadcasts.AnyAsync(b => b.Id == broadcastId && b.State == BroadcastState.Sending, Ct),
            "the two to be tried after midnight and kept for their users", Ct);
        (_, deliveries) = await LoadAsync(broadcastId);
        foreach (var d in deliveries.Where(d => waitingIds.Contains(d.Id)))
        {
            Assert.Equal((DeliveryState.Queued, 0, (ExclusionReason?)null), (d.State, d.Attempts, d.Reason));
            Assert.InRange(d.NextAttemptUtc!.Value, jumped.AddMinutes(5).UtcDateTime, Now.AddMinutes(5).UtcDateTime);
            await AssertNoRequestAsync(d);
        }

        Assert.Equal(3, (await QuotaUsesAsync(channelId)).Count);

        // They write again: they go out at once (the write makes them due and wakes the engine), not 5 minutes later.
        var again = waiting.Select(d => d.Phone).ToList();
        var wroteAgain = Now;
        await app.WriteInAsync(bot, again, Ct);
        await AssertLastWroteAsync(channelId, again, wroteAgain);
        await WaitForStateAsync(broadcastId, BroadcastState.Completed, seconds: 10);

        (broadcast, deliveries) = await LoadAsync(broadcastId);
        Assert.True(broadcast.FinishedUtc >= jumped.UtcDateTime);
        foreach (var d in deliveries)
        {
            Assert.Equal(DeliveryState.Sent, d.State);
            Assert.Equal([d.MessageId!], app.Requests.Sends(d.Phone).Select(r => r.Id));
        }

        foreach (var d in deliveries.Where(d => waitingIds.Contains(d.Id)))
        {
            Assert.InRange(d.SentUtc!.Value, wroteAgain.UtcDateTime, Now.UtcDateTime);
            Assert.Equal([(AttemptKind.Check, OutcomeKind.Accepted, (int?)null), (AttemptKind.Send, OutcomeKind.Accepted, (int?)null)], await AttemptsAsync(d.Id));
        }

        uses = await QuotaUsesAsync(channelId);
        Assert.Equal(sent.Select(d => d.RecipientId!.Value).Order(), uses.Where(q => q.Day == oldDay).Select(q => q.RecipientId).Order());
        Assert.Equal(waiting.Select(d => d.RecipientId!.Value).Order(), uses.Where(q => q.Day == newDay).Select(q => q.RecipientId).Order());
        Assert.Equal(5, uses.Count);
        var stats = await app.StatsAsync(bot, Ct);
        Assert.Equal((5, 5, 0), ((int)stats["accepted"]!, (int)stats["checks"]!, (int)stats["refused"]!));
        var perDay = stats["notified_per_day"]!.AsObject();
        Assert.Equal((3, 2), ((int)perDay[Day(oldDay)]!, (int)perDay[Day(newDay)]!));
    }

    [Fact]
    public async Task KeptForTheDayOnly_QuotaUsedUpBeforeMidnightInNewYork_TheWaitingCloseAtItsMidnightAsEligibilityEnded_WithoutARequest()
    {
        var midnight = JumpToBeforeMidnight(NewYork, TimeSpan.FromMinutes(10));
        var oldDay = QuotaReader.LocalDay(NewYork, midnight.AddMinutes(-1));
        var (channelId, bot) = await app.CreateChannelAsync(Ct, zone: NewYork.Id);
        var users = EngineTestApp.NewUsers(5);
        await app.WriteInAsync(bot, users, Ct);

        var broadcastId = await app.BroadcastAsync(channelId, users, Ct);
        await app.WaitSettledAsync(broadcastId, Ct);

        var (broadcast, deliveries) = await LoadAsync(broadcastId);
        Assert.True(Now < midnight, "the first part ran before the channel's midnight");
        Assert.Equal((BroadcastState.WaitingForQuota, midnight.UtcDateTime), (broadcast.State, broadcast.ExpiresUtc!.Value));
        var sent = deliveries.Where(d => d.State == DeliveryState.Sent).ToList();
        var waiting = deliveries.Where(d => d.State == DeliveryState.WaitingForQuota).ToList();
        Assert.Equal((3, 2), (sent.Count, waiting.Count));
        // 04:00 or 05:00 UTC (daylight saving or not): New York's midnight.
        Assert.InRange(midnight.UtcDateTime.Hour, 4, 5);
        Assert.All(waiting, d => Assert.Equal(midnight.UtcDateTime, d.NextAttemptUtc));

        JumpTo(midnight.AddSeconds(5));
        await WaitForStateAsync(broadcastId, BroadcastState.Completed);

        (broadcast, deliveries) = await LoadAsync(broadcastId);
        Assert.True(broadcast.FinishedUtc >= midnight.UtcDateTime);
        var waitingIds = waiting.Select(d => d.Id).ToHashSet();
        foreach (var d in deliveries.Where(d => waitingIds.Contains(d.Id)))
        {
            Assert.Equal((DeliveryState.Excluded, ExclusionReason.EligibilityEnded, (DateTime?)null, 0), (d.State, d.Reason, d.NextAttemptUtc, d.Attempts));
            await AssertNoRequestAsync(d);
        }

        Assert.All(deliveries.Where(d => !waitingIds.Contains(d.Id)), d => Assert.Equal(DeliveryState.Sent, d.State));
        // The old day's reservations are those of the users sent; nothing was reserved on the new day.
        var uses = await QuotaUsesAsync(channelId);
        Assert.All(uses, q => Assert.Equal(oldDay, q.Day));
        Assert.Equal(sent.Select(d => d.RecipientId!.Value).Order(), uses.Select(q => q.RecipientId).Order());
        var stats = await app.StatsAsync(bot, Ct);
        Assert.Equal((3, 3, 6, 0), ((int)stats["accepted"]!, (int)stats["checks"]!, (int)stats["requests"]!, (int)stats["refused"]!));
        Assert.Equal("Ended at midnight (3 sent, 2 not reached)", await app.CompletionAuditedAsync(broadcastId, Ct));
    }

    [Fact]
    public async Task KeptFor2Days_UsersWhoNeverWriteAgain_StayQueuedAcrossTheMidnightsInBetween_AndCloseAsEligibilityEndedAtItsEnd()
    {
        JumpToNext(Shanghai, TimeSpan.FromHours(12));
        var (channelId, bot) = await app.CreateChannelAsync(Ct, zone: Shanghai.Id);
        var users = EngineTestApp.NewUsers(3);
        await app.WriteInAsync(bot, users, Ct);

        // The next morning only the first writes again; the broadcast waits 2 more days for the others.
        var created = JumpToNext(Shanghai, TimeSpan.FromHours(10));
        await app.WriteInAsync(bot, users[..1], Ct);
        var broadcastId = await app.BroadcastAsync(channelId, users, Ct, m => m.KeepDays = 2);
        var (writer, silent) = (users[0], users[1..]);
        await app.WaitUntilAsync(async db => await db.Deliveries.CountAsync(d => d.BroadcastId == broadcastId
                && ((d.Phone == writer && d.State == DeliveryState.Sent)
                    || (silent.Contains(d.Phone) && d.State == DeliveryState.Queued && d.NextAttemptUtc != null)), Ct) == 3,
            "the first to be sent and the others to wait for their users", Ct);

        var (broadcast, deliveries) = await LoadAsync(broadcastId);
        var expires = Eligibility.NextDayStartUtc(Shanghai, created.AddDays(2));
        Assert.Equal((BroadcastState.Sending, expires.UtcDateTime), (broadcast.State, broadcast.ExpiresUtc!.Value));
        Assert.Equal(TimeSpan.FromHours(62), expires - created);
        foreach (var d in deliveries.Where(d => silent.Contains(d.Phone)))
        {
            Assert.InRange(d.NextAttemptUtc!.Value, created.AddMinutes(5).UtcDateTime, Now.AddMinutes(5).UtcDateTime);
            await AssertNoRequestAsync(d);
        }

        // The last minute of its last day, two midnights later: still kept, looked at again and still waiting.
        var lastMinute = expires.AddMinutes(-1);
        JumpTo(lastMinute);
        var lastMinuteUtc = lastMinute.UtcDateTime;
        await app.WaitUntilAsync(async db => await db.Deliveries.CountAsync(d => d.BroadcastId == broadcastId && silent.Contains(d.Phone)
                && d.State == DeliveryState.Queued && d.NextAttemptUtc > lastMinuteUtc, Ct) == 2,
            "the silent users' deliveries to be looked at again in the broadcast's last minute", Ct);
        Assert.Equal(BroadcastState.Sending, (await LoadAsync(broadcastId)).Broadcast.State);

        JumpTo(expires.AddSeconds(5));
        await WaitForStateAsync(broadcastId, BroadcastState.Completed);

        (broadcast, deliveries) = await LoadAsync(broadcastId);
        Assert.True(broadcast.FinishedUtc >= expires.UtcDateTime);
        foreach (var d in deliveries.Where(d => silent.Contains(d.Phone)))
        {
            Assert.Equal((DeliveryState.Excluded, ExclusionReason.EligibilityEnded, (DateTime?)null, 0), (d.State, d.Reason, d.NextAttemptUtc, d.Attempts));
            await AssertNoRequestAsync(d);
        }

        var first = deliveries.Single(d => d.Phone == users[0]);
        Assert.Equal(DeliveryState.Sent, first.State);
        Assert.Equal([first.MessageId!], app.Requests.Sends(users[0]).Select(r => r.Id));
        Assert.Equal([first.RecipientId!.Value], (await QuotaUsesAsync(channelId)).Select(q => q.RecipientId));
        Assert.Equal(1, (int)(await app.StatsAsync(bot, Ct))["accepted"]!);
    }

    [Fact]
    public async Task ScheduledBroadcast_UsersWhoOptOutAfterItIsMadeAndBeforeItRuns_AreExcludedWhenItSends_WithoutARequest()
    {
        var created = JumpToNext(Shanghai, TimeSpan.FromHours(10));
        var (channelId, bot) = await app.CreateChannelAsync(Ct, zone: Shanghai.Id);
        var users = EngineTestApp.NewUsers(4);
        await app.WriteInAsync(bot, users, Ct);
        var localDate = TimeZoneInfo.ConvertTime(created, Shanghai).DateTime.Date;
        var broadcastId = await app.BroadcastAsync(channelId, users, Ct, m =>
        {
            m.ScheduleLocal = localDate.AddHours(10).AddMinutes(30);
            m.ScheduleZone = Shanghai.Id;
        });
        var scheduled = created.AddMinutes(30);
        var (broadcast, deliveries) = await LoadAsync(broadcastId);
        Assert.Equal((BroadcastState.Scheduled, scheduled.UtcDateTime), (broadcast.State, broadcast.ScheduledUtc!.Value));
        Assert.All(deliveries, d => Assert.Equal(DeliveryState.Queued, d.State));

        // One user sends STOP to the bot (through the provider's webhook); staff opt another out in the app.
        await app.WriteInAsync(bot, [users[1]], "STOP", Ct);
        await using (var db = await app.DbAsync(Ct))
        {
            var stopped = await db.Recipients.AsNoTracking().SingleAsync(r => r.Phone == users[1], Ct);
            Assert.Equal((OptInStatus.OptedOut, OptInSource.Stop), (stopped.OptIn, stopped.OptInSource!.Value));
            var manual = await db.Recipients.SingleAsync(r => r.Phone == users[2], Ct);
            (manual.OptIn, manual.OptInSource, manual.OptInChangedUtc) = (OptInStatus.OptedOut, OptInSource.Manual, Now.UtcDateTime);
            await db.SaveChangesAsync(Ct);
        }

        JumpTo(scheduled.AddMinutes(1));
        await WaitForStateAsync(broadcastId, BroadcastState.Completed);

        (broadcast, deliveries) = await LoadAsync(broadcastId);
        Assert.True(broadcast.StartedUtc >= scheduled.UtcDateTime);
        var byPhone = deliveries.ToDictionary(d => d.Phone);
        foreach (var phone in users[1..3])
        {
            var d = byPhone[phone];
            Assert.Equal((DeliveryState.Excluded, ExclusionReason.OptedOut), (d.State, d.Reason));
            await AssertNoRequestAsync(d);
        }

        foreach (var phone in new[] { users[0], users[3] })
        {
            Assert.Equal(DeliveryState.Sent, byPhone[phone].State);
            Assert.Equal([byPhone[phone].MessageId!], app.Requests.Sends(phone).Select(r => r.Id));
        }

        Assert.Equal(2, (await QuotaUsesAsync(channelId)).Count);
        var stats = await app.StatsAsync(bot, Ct);
        Assert.Equal((2, 2), ((int)stats["accepted"]!, (int)stats["checks"]!));
    }

    [Fact]
    public async Task ChannelPausedBy10002_ResumedOnceTheKeyIsFixed_SendsEveryDeliveryExactlyOnce_AndAuditsThePauseAndTheResume()
    {
        JumpToNext(Shanghai, TimeSpan.FromHours(10));
        var (channelId, bot) = await app.CreateChannelAsync(Ct, zone: Shanghai.Id);
        var users = EngineTestApp.NewUsers(3);
        await app.WriteInAsync(bot, users, Ct);
        var appKey = (await app.Services.GetRequiredService<ChannelDirectory>().FindAsync(bot, Ct))!.EnabledApiKeys[0];
        app.Account.SetKeys(bot, "sk-the-only-key-the-provider-knows-now");

        var broadcastId = await app.BroadcastAsync(channelId, users, Ct);
        await app.WaitUntilAsync(async db => await db.Channels.AnyAsync(c => c.Id == channelId && c.PausedUtc != null, Ct)
            && !await db.Deliveries.AnyAsync(d => d.BroadcastId == broadcastId && (d.State == DeliveryState.Checking || d.State == DeliveryState.Sending), Ct),
            "the channel to pause and its requests in flight to settle", Ct);
        var (_, paused) = await LoadAsync(broadcastId);
        Assert.All(paused, d => Assert.Equal((DeliveryState.Queued, 0), (d.State, d.Attempts)));
        Assert.All(users, u => Assert.Empty(app.Requests.Sends(u)));

        // An admin fixes the key at the provider, then resumes the channel.
        app.Account.SetKeys(bot, appKey);
        var control = app.Services.GetRequiredService<BroadcastControl>();
        Assert.Equal(ControlResult.Done, await control.ResumeChannelAsync(channelId, Staff, Ct));
        await WaitForStateAsync(broadcastId, BroadcastState.Completed);

        var (broadcast, deliveries) = await LoadAsync(broadcastId);
        Assert.NotNull(broadcast.FinishedUtc);
        foreach (var d in deliveries)
        {
            Assert.Equal(DeliveryState.Sent, d.State);
            Assert.Equal([d.MessageId!], app.Requests.Sends(d.Phone).Select(r => r.Id));
            var attempts = await AttemptsAsync(d.Id);
            // Before the pause: at most one check, refused with 10002; after the resume: a check and the send.
            Assert.Equal([(AttemptKind.Check, OutcomeKind.Accepted, (int?)null), (AttemptKind.Send, OutcomeKind.Accepted, (int?)null)], attempts[^2..]);
            Assert.All(attempts[..^2], a => Assert.Equal((AttemptKind.Check, OutcomeKind.ChannelMisconfigured, (int?)10002), a));
            Assert.InRange(attempts.Count, 2, 3);
        }

        await using var db = await app.DbAsync(Ct);
        var channel = await db.Channels.AsNoTracking().SingleAsync(c => c.Id == channelId, Ct);
        Assert.Null(channel.PausedUtc);
        Assert.Null(channel.PausedCode);
        Assert.Null(channel.PausedMessage);
        var audit = await db.AuditEntries.AsNoTracking().Where(e => e.Subject == bot).OrderBy(e => e.Id).ToListAsync(Ct);
        Assert.Equal([(AuditKind.ChannelPaused, (string?)null), (AuditKind.ChannelResumed, "user-1")], audit.Select(e => (e.Kind, e.ActorId)));
        Assert.Contains("10002", audit[0].Details, StringComparison.Ordinal);
        Assert.Equal(3, (await QuotaUsesAsync(channelId)).Count);
        Assert.Equal(3, (int)(await app.StatsAsync(bot, Ct))["accepted"]!);
    }
}
