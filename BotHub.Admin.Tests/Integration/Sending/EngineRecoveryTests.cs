using System.Globalization;
using BotHub.Admin.Features.Broadcasts;
using BotHub.Admin.Features.Channels;
using BotHub.Admin.Features.Provider;
using BotHub.Admin.Features.Recipients;
using BotHub.Admin.Features.Sending;
using BotHub.Admin.Features.Tiers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BotHub.Admin.Tests.Integration.Sending;

/// <summary>
/// A restart after a crash: the app's own engine is off, the test leaves the database as a crash mid-send would, then
/// starts an engine on the app's services, as the next start of the app does.
/// </summary>
public sealed class EngineRecoveryTests(EngineOffTestApp app) : IClassFixture<EngineOffTestApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Start_DeliveriesLeftInFlight_GoOutAgainWithTheirMessageIds_AndOneAcceptedBeforeTheCrashCountsAsSent()
    {
        var (channelId, bot) = await app.CreateChannelAsync(Ct);
        var users = EngineTestApp.NewUsers(3);
        await app.WriteInAsync(bot, users, Ct);
        var broadcastId = await app.BroadcastAsync(channelId, users, Ct);

        // The crash: the broadcast was running; the first delivery (checked, quota reserved) had been sent and accepted
        // but its answer was never recorded, the second was claimed for its check, the third was still queued.
        Delivery accepted, checking, queued;
        await using (var db = await app.DbAsync(Ct))
        {
            var broadcast = await db.Broadcasts.SingleAsync(b => b.Id == broadcastId, Ct);
            Assert.Equal(BroadcastState.Queued, broadcast.State);
            var zone = SendingChannels.ZoneOf((await db.Channels.SingleAsync(c => c.Id == channelId, Ct)).TimeZone);
            broadcast.State = BroadcastState.Sending;
            broadcast.StartedUtc = DateTime.UtcNow;
            broadcast.ExpiresUtc = Eligibility.NextDayStartUtc(zone, DateTimeOffset.UtcNow).UtcDateTime;
            var deliveries = await db.Deliveries.Where(d => d.BroadcastId == broadcastId).OrderBy(d => d.Sequence).ToListAsync(Ct);
            (accepted, checking, queued) = (deliveries[0], deliveries[1], deliveries[2]);
            accepted.State = DeliveryState.Sending;
            checking.State = DeliveryState.Checking;
            db.ContactChecks.Add(new ContactCheck { ChannelId = channelId, RecipientId = accepted.RecipientId!.Value, CheckedUtc = DateTime.UtcNow });
            db.QuotaUses.Add(new QuotaUse
            {
                ChannelId = channelId, RecipientId = accepted.RecipientId!.Value, AtUtc = DateTime.UtcNow,
                Day = QuotaReader.LocalDay(zone, DateTimeOffset.UtcNow),
            });
            await db.SaveChangesAsync(Ct);
        }

        var key = (await app.Services.GetRequiredService<ChannelDirectory>().FindAsync(bot, Ct))!.EnabledApiKeys[0];
        var before = await app.Services.GetRequiredService<ProviderClient>().SendAsync(bot, key, new SendRequest
        {
            Id = accepted.MessageId, To = accepted.Phone, Source = "botchat", Type = "text", Text = new TextBody { Body = accepted.Text },
            Timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
        }, Ct);
        Assert.Equal(OutcomeKind.Accepted, before.Kind);

        using (var engine = ActivatorUtilities.CreateInstance<SendingEngine>(app.Services,
                   Options.Create(new SendingOptions { Enabled = true, IdlePoll = TimeSpan.FromMilliseconds(100) })))
        {
            await engine.StartAsync(Ct);
            try
            {
                await app.WaitSettledAsync(broadcastId, Ct);
            }
            finally
            {
                await engine.StopAsync(CancellationToken.None);
            }
        }

        await using (var db = await app.DbAsync(Ct))
        {
            var deliveries = await db.Deliveries.AsNoTracking().Where(d => d.BroadcastId == broadcastId).ToDictionaryAsync(d => d.Id, Ct);
            Assert.All(deliveries.Values, d => Assert.Equal(DeliveryState.Sent, d.State));
            Assert.Equal([(AttemptKind.Send, OutcomeKind.AlreadyProcessed, (int?)10011)], await AttemptsAsync(db, accepted.Id));
            Assert.Equal([(AttemptKind.Check, OutcomeKind.Accepted, null), (AttemptKind.Send, OutcomeKind.Accepted, null)], await AttemptsAsync(db, checking.Id));
            Assert.Equal([(AttemptKind.Check, OutcomeKind.Accepted, null), (AttemptKind.Send, OutcomeKind.Accepted, null)], await AttemptsAsync(db, queued.Id));
            Assert.Equal(3, await db.QuotaUses.CountAsync(q => q.ChannelId == channelId, Ct));
            Assert.Equal(BroadcastState.Completed, (await db.Broadcasts.SingleAsync(b => b.Id == broadcastId, Ct)).State);
        }

        foreach (var d in new[] { accepted, checking, queued })
        {
            var sends = app.Requests.Sends(d.Phone);
            Assert.NotEmpty(sends);
            Assert.All(sends, r => Assert.Equal(d.MessageId, r.Id));
        }

        Assert.Equal(2, app.Requests.Sends(accepted.Phone).Count);
        var stats = await app.StatsAsync(bot, Ct);
        Assert.Equal((3, 2), ((int)stats["accepted"]!, (int)stats["checks"]!));
    }

    private static async Task<List<(AttemptKind, OutcomeKind, int?)>> AttemptsAsync(Data.AppDbContext db, long deliveryId) =>
        (await db.DeliveryAttempts.AsNoTracking().Where(a => a.DeliveryId == deliveryId).OrderBy(a => a.Id).ToListAsync(Ct))
        .Select(a => (a.Kind, a.Outcome, a.Code)).ToList();
}
