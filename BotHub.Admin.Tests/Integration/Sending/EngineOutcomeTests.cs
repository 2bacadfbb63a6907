using BotHub.Admin.Features.Audit;
using BotHub.Admin.Features.Broadcasts;
using BotHub.Admin.Features.Provider;
using BotHub.Admin.Features.Recipients;
using BotHub.Admin.Features.Sending;
using BotHub.Admin.Features.Tiers;
using Microsoft.EntityFrameworkCore;
using BotHub.Admin.Features.Channels;

namespace BotHub.Admin.Tests.Integration.Sending;

/// <summary>
/// The sending engine against the in-process sandbox over real HTTP: each provider outcome class ends in the state the
/// spec asks for, with every request recorded. Each test has a channel and users of its own.
/// </summary>
public sealed class EngineOutcomeTests(EngineTestApp app) : IClassFixture<EngineTestApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<List<Delivery>> DeliveriesAsync(int broadcastId)
    {
        await using var db = await app.DbAsync(Ct);
        return await db.Deliveries.AsNoTracking().Where(d => d.BroadcastId == broadcastId).OrderBy(d => d.Sequence).ToListAsync(Ct);
    }

    private async Task<List<DeliveryAttempt>> AttemptsAsync(long deliveryId)
    {
        await using var db = await app.DbAsync(Ct);
        return await db.DeliveryAttempts.AsNoTracking().Where(a => a.DeliveryId == deliveryId).OrderBy(a => a.Id).ToListAsync(Ct);
    }

    private async Task<List<int>> QuotaUsersAsync(int channelId)
    {
        await using var db = await app.DbAsync(Ct);
        return await db.QuotaUses.Where(q => q.ChannelId == channelId).Select(q => q.RecipientId).ToListAsync(Ct);
    }

    /// <summary>Marks the users as checked by the channel, as an earlier broadcast would have, so every request is a send.</summary>
    private async Task RememberChecksAsync(int channelId, IEnumerable<string> users)
    {
        await using var db = await app.DbAsync(Ct);
        foreach (var id in await db.Recipients.Where(r => users.Contains(r.Phone)).Select(r => r.Id).ToListAsync(Ct))
        {
            db.ContactChecks.Add(new ContactCheck { ChannelId = channelId, RecipientId = id, CheckedUtc = DateTime.UtcNow });
        }

        await db.SaveChangesAsync(Ct);
    }

    private async Task<(int ChannelId, string Bot, string[] Users)> ChannelWithUsersAsync(int count)
    {
        var (channelId, bot) = await app.CreateChannelAsync(Ct);
        var users = EngineTestApp.NewUsers(count);
        await app.WriteInAsync(bot, users, Ct);
        return (channelId, bot, users);
    }

    [Fact]
    public async Task Broadcast_UsersWhoWroteToday_AllSentAfterOneCheckAndOneSendEach()
    {
        var (channelId, bot, users) = await ChannelWithUsersAsync(5);

        var broadcastId = await app.BroadcastAsync(channelId, users, Ct);
        await app.WaitSettledAsync(broadcastId, Ct);

        var deliveries = await DeliveriesAsync(broadcastId);
        Assert.Equal(5, deliveries.Count);
        foreach (var d in deliveries)
        {
            Assert.Equal(DeliveryState.Sent, d.State);
            Assert.NotNull(d.SentUtc);
            var attempts = await AttemptsAsync(d.Id);
            Assert.Equal([(AttemptKind.Check, OutcomeKind.Accepted), (AttemptKind.Send, OutcomeKind.Accepted)],
                attempts.Select(a => (a.Kind, a.Outcome)));
            Assert.Equal([d.MessageId!], app.Requests.Sends(d.Phone).Select(r => r.Id));
        }

        await using (var db = await app.DbAsync(Ct))
        {
            var recipientIds = deliveries.Select(d => d.RecipientId!.Value).Order().ToList();
            Assert.Equal(recipientIds, await db.ContactChecks.Where(c => c.ChannelId == channelId).Select(c => c.RecipientId).Order().ToListAsync(Ct));
            Assert.Equal(recipientIds, (await QuotaUsersAsync(channelId)).Order());
            var broadcast = await db.Broadcasts.SingleAsync(b => b.Id == broadcastId, Ct);
            Assert.Equal(BroadcastState.Completed, broadcast.State);
            Assert.NotNull(broadcast.FinishedUtc);
        }

        var stats = await app.StatsAsync(bot, Ct);
        Assert.Equal((5, 5, 0, 10), ((int)stats["accepted"]!, (int)stats["checks"]!, (int)stats["rate_violations"]!, (int)stats["requests"]!));
    }

    [Fact]
    public async Task SecondBroadcast_SameUsersSameDay_SendsWithoutChecks_AndUsesNoMoreQuota()
    {
        var (channelId, bot, users) = await ChannelWithUsersAsync(3);
        var first = await app.BroadcastAsync(channelId, users, Ct);
        await app.WaitSettledAsync(first, Ct);
        var quotaBefore = (await QuotaUsersAsync(channelId)).Order().ToList();

        var second = await app.BroadcastAsync(channelId, users, Ct);
        await app.WaitSettledAsync(second, Ct);

        var deliveries = await DeliveriesAsync(second);
        Assert.All(deliveries, d => Assert.Equal(DeliveryState.Sent, d.State));
        foreach (var d in deliveries)
        {
            Assert.Equal([(AttemptKind.Send, OutcomeKind.Accepted)], (await AttemptsAsync(d.Id)).Select(a => (a.Kind, a.Outcome)));
            Assert.Single(app.Requests.Checks(d.Phone));
        }

        Assert.Equal(3, quotaBefore.Count);
        Assert.Equal(quotaBefore, (await QuotaUsersAsync(channelId)).Order());
        var stats = await app.StatsAsync(bot, Ct);
        Assert.Equal((6, 3), ((int)stats["accepted"]!, (int)stats["checks"]!));
        Assert.Equal(3, (int)stats["notified_per_day"]!.AsObject().Single().Value!);
    }

    [Fact]
    public async Task TransientFault_OnTheFirstSend_RetriedAfterABackoffWithTheSameMessageId_ThenSent()
    {
        var (channelId, bot, users) = await ChannelWithUsersAsync(3);
        await RememberChecksAsync(channelId, users);
        await app.SetFaultsAsync("""{"error_rates":{"80002":1}}""", Ct);
        int broadcastId;
        List<Delivery> waiting;
        try
        {
            broadcastId = await app.BroadcastAsync(channelId, users, Ct);
            waiting = await app.RetryNowAsync(broadcastId, 3, Ct);
        }
        finally
        {
            await app.SetFaultsAsync("{}", Ct);
        }

        await app.WaitSettledAsync(broadcastId, Ct);

        foreach (var d in await DeliveriesAsync(broadcastId))
        {
            Assert.Equal(DeliveryState.Sent, d.State);
            Assert.Equal(80002, d.LastCode);
            var attempts = await AttemptsAsync(d.Id);
            Assert.Equal([(OutcomeKind.Transient, 80002, 502), (OutcomeKind.Accepted, (int?)null, 200)],
                attempts.Select(a => (a.Outcome, a.Code, a.HttpStatus)));
            Assert.All(attempts, a => Assert.Equal(AttemptKind.Send, a.Kind));
            // The backoff: half the first delay (20 s) fixed, half random, counted from the answer (the attempt's time is
            // the request's start, so the upper bound allows for a slow answer on a busy machine).
            var backoff = waiting.Single(w => w.Id == d.Id).NextAttemptUtc!.Value - attempts[0].AtUtc;
            Assert.InRange(backoff, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(20) + TimeSpan.FromMilliseconds(attempts[0].LatencyMs + 1000));
            var sent = app.Requests.Sends(d.Phone);
            Assert.Equal(2, sent.Count);
            Assert.All(sent, r => Assert.Equal(d.MessageId, r.Id));
        }

        Assert.Equal(3, (await QuotaUsersAsync(channelId)).Count);
        var stats = await app.StatsAsync(bot, Ct);
        Assert.Equal((3, 3), ((int)stats["accepted"]!, (int)stats["faults"]!));
    }

    [Fact]
    public async Task TransientFault_ForOneMessage_WhileTheChannelsOthersAreAnswered_FailsAfterMaxAttempts_WithTheLastError_AndGivesTheQuotaBack()
    {
        var (channelId, bot, users) = await ChannelWithUsersAsync(13);
        await RememberChecksAsync(channelId, users);
        // 4 requests a second: the others are still being answered when the failing message is tried again.
        await using (var db = await app.DbAsync(Ct))
        {
            await db.Channels.Where(c => c.Id == channelId).ExecuteUpdateAsync(u => u.SetProperty(c => c.RatePerSecond, 4).SetProperty(c => c.Burst, 1), Ct);
        }

        // Not the first: the channel's first answers come before it, so even its first failure counts.
        var failing = users[6];
        await app.SetFaultsAsync("{\"errors_to\":{\"" + failing + "\":10000}}", Ct);
        int broadcastId;
        try
        {
            broadcastId = await app.BroadcastAsync(channelId, users, Ct);
            // While a retry is pending the user's quota stays reserved.
            var waiting = await app.RetryNowAsync(broadcastId, 1, Ct, async () => Assert.Contains(await RecipientIdAsync(failing), await QuotaUsersAsync(channelId)));
            Assert.Equal(10000, waiting.Single(d => d.Phone == failing).LastCode);
            await app.WaitSettledAsync(broadcastId, Ct);
        }
        finally
        {
            await app.SetFaultsAsync("{}", Ct);
        }

        var deliveries = await DeliveriesAsync(broadcastId);
        var d = deliveries.Single(x => x.Phone == failing);
        Assert.Equal((DeliveryState.Failed, 10000, 2), (d.State, d.LastCode, d.Attempts));
        Assert.NotNull(d.LastRequestId);
        Assert.Null(d.SentUtc);
        var attempts = await AttemptsAsync(d.Id);
        Assert.Equal([(OutcomeKind.Transient, 10000, 500), (OutcomeKind.Transient, 10000, 500)],
            attempts.Select(a => (a.Outcome, a.Code, a.HttpStatus)));
        var sent = app.Requests.Sends(d.Phone);
        Assert.Equal(2, sent.Count);
        Assert.All(sent, r => Assert.Equal(d.MessageId, r.Id));
        Assert.All(deliveries.Where(x => x.Phone != failing), x => Assert.Equal(DeliveryState.Sent, x.State));

        Assert.DoesNotContain(await RecipientIdAsync(failing), await QuotaUsersAsync(channelId));
        var stats = await app.StatsAsync(bot, Ct);
        Assert.Equal((12, 2), ((int)stats["accepted"]!, (int)stats["faults"]!));
    }

    private async Task<int> RecipientIdAsync(string phone)
    {
        await using var db = await app.DbAsync(Ct);
        return await db.Recipients.Where(r => r.Phone == phone).Select(r => r.Id).SingleAsync(Ct);
    }

    [Fact]
    public async Task AnswerLostAfterAcceptance_RetryGets10011_CountsAsSent_OneMessageAtTheProvider()
    {
        var (channelId, bot, users) = await ChannelWithUsersAsync(2);
        await RememberChecksAsync(channelId, users);
        await app.SetFaultsAsync("""{"answer_lost_rate":1}""", Ct);
        int broadcastId;
        try
        {
            broadcastId = await app.BroadcastAsync(channelId, users, Ct);
            // The retry with the same id is refused as a repeat before any fault is rolled, so the fault may stay on.
            await app.RetryNowAsync(broadcastId, 2, Ct);
            await app.WaitSettledAsync(broadcastId, Ct);
        }
        finally
        {
            await app.SetFaultsAsync("{}", Ct);
        }

        foreach (var d in await DeliveriesAsync(broadcastId))
        {
            Assert.Equal(DeliveryState.Sent, d.State);
            var attempts = await AttemptsAsync(d.Id);
            Assert.Equal([(OutcomeKind.Transient, 80002), (OutcomeKind.AlreadyProcessed, 10011)], attempts.Select(a => (a.Outcome, a.Code)));
            Assert.Null(attempts[0].HttpStatus);
            Assert.Equal(409, attempts[1].HttpStatus);
            var sent = app.Requests.Sends(d.Phone);
            Assert.Equal(2, sent.Count);
            Assert.All(sent, r => Assert.Equal(d.MessageId, r.Id));
        }

        Assert.Equal(2, (await QuotaUsersAsync(channelId)).Count);
        var stats = await app.StatsAsync(bot, Ct);
        Assert.Equal(2, (int)stats["accepted"]!);
        Assert.Equal(2, (int)stats["notified_per_day"]!.AsObject().Single().Value!);
    }

    [Fact]
    public async Task WrongApiKey_Answered10002_PausesTheChannel_RequeuesTheDeliveries_AndAuditsOnce()
    {
        var (channelId, bot, users) = await ChannelWithUsersAsync(3);
        app.Account.SetKeys(bot, "sk-the-only-key-the-provider-knows-now");

        var broadcastId = await app.BroadcastAsync(channelId, users, Ct);
        await app.WaitUntilAsync(async db => await db.Channels.AnyAsync(c => c.Id == channelId && c.PausedUtc != null, Ct)
            && !await db.Deliveries.AnyAsync(d => d.BroadcastId == broadcastId && (d.State == DeliveryState.Checking || d.State == DeliveryState.Sending), Ct),
            "the channel to pause and its requests in flight to settle", Ct);
        // Give a paused channel's worker a few polls: it must not take the deliveries up again.
        await Task.Delay(400, Ct);

        await using var db = await app.DbAsync(Ct);
        var channel = await db.Channels.AsNoTracking().SingleAsync(c => c.Id == channelId, Ct);
        Assert.Equal(10002, channel.PausedCode);
        Assert.Contains("invalid API key", channel.PausedMessage, StringComparison.Ordinal); // the provider's own words; the code is PausedCode
        var deliveries = await DeliveriesAsync(broadcastId);
        Assert.All(deliveries, d => Assert.Equal((DeliveryState.Queued, 0), (d.State, d.Attempts)));
        var attempts = await db.DeliveryAttempts.AsNoTracking().Where(a => deliveries.Select(d => d.Id).Contains(a.DeliveryId)).ToListAsync(Ct);
        Assert.NotEmpty(attempts);
        Assert.All(attempts, a => Assert.Equal((AttemptKind.Check, OutcomeKind.ChannelMisconfigured, 10002, 401), (a.Kind, a.Outcome, a.Code, a.HttpStatus)));
        // Requests already under way when the pause came may be answered 10002 too, but no delivery is tried again.
        Assert.All(attempts.GroupBy(a => a.DeliveryId), g => Assert.Single(g));
        var audit = await db.AuditEntries.AsNoTracking().Where(e => e.Kind == AuditKind.ChannelPaused && e.Subject == bot).ToListAsync(Ct);
        Assert.Single(audit);
        Assert.Null(audit[0].ActorId);
        Assert.Empty(await QuotaUsersAsync(channelId));
        Assert.Equal(BroadcastState.Sending, (await db.Broadcasts.SingleAsync(b => b.Id == broadcastId, Ct)).State);
    }

    [Fact]
    public async Task RejectedSend_10100_FailsAtOnce_WithOneAttempt()
    {
        var (channelId, bot, users) = await ChannelWithUsersAsync(2);
        await RememberChecksAsync(channelId, users);
        await app.SetFaultsAsync("""{"error_rates":{"10100":1}}""", Ct);
        int broadcastId;
        try
        {
            broadcastId = await app.BroadcastAsync(channelId, users, Ct);
            await app.WaitSettledAsync(broadcastId, Ct);
        }
        finally
        {
            await app.SetFaultsAsync("{}", Ct);
        }

        foreach (var d in await DeliveriesAsync(broadcastId))
        {
            Assert.Equal((DeliveryState.Failed, 10100, 1), (d.State, d.LastCode, d.Attempts));
            Assert.Contains("sandbox fault", d.LastMessage, StringComparison.Ordinal);
            var attempt = Assert.Single(await AttemptsAsync(d.Id));
            Assert.Equal((AttemptKind.Send, OutcomeKind.Rejected, 10100, 400), (attempt.Kind, attempt.Outcome, attempt.Code, attempt.HttpStatus));
        }

        Assert.Empty(await QuotaUsersAsync(channelId));
        await using var db = await app.DbAsync(Ct);
        Assert.Equal(BroadcastState.Completed, (await db.Broadcasts.SingleAsync(b => b.Id == broadcastId, Ct)).State);
        Assert.Equal(0, (int)(await app.StatsAsync(bot, Ct))["accepted"]!);
        Assert.Equal("Completed with 2 failed (0 sent)", await app.CompletionAuditedAsync(broadcastId, Ct));
    }

    [Fact]
    public async Task CheckRefused_UserTheAppThinksWroteButTheProviderDoesNot_ExcludedAsCheckRefused()
    {
        var (channelId, bot, users) = await ChannelWithUsersAsync(1);
        var silent = EngineTestApp.NewUsers(1)[0];
        await using (var db = await app.DbAsync(Ct))
        {
            // The app believes this user wrote a minute ago; the provider never saw it.
            var recipient = new Recipient { Phone = silent, OptIn = OptInStatus.OptedIn, CreatedUtc = DateTime.UtcNow };
            db.Recipients.Add(recipient);
            await db.SaveChangesAsync(Ct);
            db.RecipientActivity.Add(new RecipientChannelActivity { RecipientId = recipient.Id, ChannelId = channelId, LastInboundUtc = DateTime.UtcNow.AddMinutes(-1) });
            await db.SaveChangesAsync(Ct);
        }

        var broadcastId = await app.BroadcastAsync(channelId, [users[0], silent], Ct);
        await app.WaitSettledAsync(broadcastId, Ct);

        var deliveries = (await DeliveriesAsync(broadcastId)).ToDictionary(d => d.Phone);
        Assert.Equal(2, deliveries.Count);
        Assert.Equal(DeliveryState.Sent, deliveries[users[0]].State);
        var refused = deliveries[silent];
        Assert.Equal((DeliveryState.Excluded, ExclusionReason.CheckRefused, "no_message_today"), (refused.State, refused.Reason, refused.ReasonDetail));
        var attempt = Assert.Single(await AttemptsAsync(refused.Id));
        Assert.Equal((AttemptKind.Check, OutcomeKind.Accepted), (attempt.Kind, attempt.Outcome));
        Assert.Empty(app.Requests.Sends(silent));
        Assert.Equal([deliveries[users[0]].RecipientId!.Value], await QuotaUsersAsync(channelId));
        await using (var db = await app.DbAsync(Ct))
        {
            Assert.False(await db.ContactChecks.AnyAsync(c => c.ChannelId == channelId && c.RecipientId == refused.RecipientId, Ct));
            Assert.Equal(BroadcastState.Completed, (await db.Broadcasts.SingleAsync(b => b.Id == broadcastId, Ct)).State);
        }

        var stats = await app.StatsAsync(bot, Ct);
        Assert.Equal((1, 2), ((int)stats["accepted"]!, (int)stats["checks"]!));
    }
}
