using BotHub.Admin.Data;
using BotHub.Admin.Features.Broadcasts;
using BotHub.Admin.Features.Channels;
using BotHub.Admin.Features.Dashboard;
using BotHub.Admin.Features.Provider;
using BotHub.Admin.Features.Recipients;
using BotHub.Admin.Features.Sending;
using BotHub.Admin.Features.Users;
using BotHub.Admin.Tests.Infrastructure;
using BotHub.Admin.Tests.Unit.Recipients;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using BotHub.Admin.Features.Security;

namespace BotHub.Admin.Tests.Components.Dashboard;

/// <summary>The admin's channel health card on the real queries: paused channels with the decoded reason, key warnings, the webhook.</summary>
public sealed class ChannelHealthTests : BunitTestBase, IAsyncLifetime
{
    private static readonly DateTime Now = RecipientServices.Now.UtcDateTime;

    private readonly ProgressNotifier _notifier = new();
    private RecipientServices _s = null!;

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _s = await RecipientServices.CreateAsync(Ct, s =>
        {
            s.AddSingleton(Options.Create(new BspOptions()));
            s.AddSingleton<ChannelAdmin>();
            s.AddSingleton<ChannelSummaries>();
            s.AddSingleton<PausedChannels>();
            s.AddSingleton<ChannelHealthQuery>();
        });
        Services.AddSingleton<TimeProvider>(_s.Time);
        Services.AddSingleton(_s.Get<ChannelHealthQuery>());
        Services.AddSingleton(_notifier);
        SignInAs(Roles.Admin);
    }

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        await base.DisposeAsync();
        await _s.DisposeAsync();
    }

    [Theory]
    [InlineData("en", "Sending paused: the provider refused its API key (10002).", "No enabled API key: this channel cannot send.",
        "Key ••••0002 failed at its latest use. The provider refused the channel's API key: add a working key on the API keys page (10002).", "Webhook last received a message 2025-03-10 05:30 (UTC)",
        "Webhook has not received any message yet")]
    [InlineData("zh-Hans", "发送已暂停：服务商拒绝了它的 API 密钥（10002）。", "没有启用的 API 密钥：该渠道无法发送。", "密钥 ••••0002 最近一次使用失败。服务商拒绝了该渠道的 API 密钥：请在“API 密钥”页面添加可用的密钥（10002）。",
        "Webhook 最近一次收到消息：2025-03-10 05:30 (UTC)", "Webhook 尚未收到任何消息")]
    public async Task UnhealthyFirst_EachWithItsReasonDecoded_AndWhenTheWebhookLastHeard(string culture, string paused, string noKey,
        string brokenKey, string lastInbound, string noInbound)
    {
        await SeedAsync();

        UseCulture(culture);
        var cut = Render<ChannelHealthCard>();

        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll(".mud-list-item").Count));
        var items = cut.FindAll(".mud-list-item").Select(e => e.TextContent).ToList();
        // Bravo and Charlie need an admin; Alpha is fine and last.
        Assert.StartsWith("Bravo", items[0], StringComparison.Ordinal);
        Assert.StartsWith("Charlie", items[1], StringComparison.Ordinal);
        Assert.StartsWith("Alpha", items[2], StringComparison.Ordinal);
        Assert.Contains(paused, items[0], StringComparison.Ordinal);
        Assert.Contains(brokenKey, items[0], StringComparison.Ordinal);
        Assert.Contains(noInbound, items[0], StringComparison.Ordinal);
        Assert.Contains(noKey, items[1], StringComparison.Ordinal);
        Assert.Contains(lastInbound, items[2], StringComparison.Ordinal);
        Assert.DoesNotContain("••••", items[2], StringComparison.Ordinal);
        Assert.Equal(["/keys", "/keys", "/keys"], cut.FindAll("a[href]").Select(a => a.GetAttribute("href")));
    }

    [Fact]
    public async Task ChannelPausedByTheEngine_ShowsWithoutAReload()
    {
        var (alpha, _, _) = await SeedAsync();
        var cut = Render<ChannelHealthCard>();
        cut.WaitForAssertion(() => Assert.Contains("Alpha", cut.Markup, StringComparison.Ordinal));
        Assert.DoesNotContain("10006", cut.Markup, StringComparison.Ordinal);

        await using (var db = await _s.DbAsync(Ct))
        {
            await db.Channels.Where(c => c.Id == alpha).ExecuteUpdateAsync(u => u
                .SetProperty(c => c.PausedUtc, Now).SetProperty(c => c.PausedCode, 10006).SetProperty(c => c.PausedMessage, "bot gone"), Ct);
        }

        _notifier.Publish(new EngineEvent(EngineEventKind.Channel, null, alpha));
        cut.WaitForAssertion(() => Assert.Contains("Sending paused: the provider has no such bot, or it was deleted (10006).", cut.Markup, StringComparison.Ordinal));
    }

    /// <summary>
    /// Alpha: one working key, a user wrote at 05:30. Bravo: paused by 10002, its key's latest answer 10002, nobody wrote.
    /// Charlie: its only key disabled.
    /// </summary>
    private async Task<(int Alpha, int Bravo, int Charlie)> SeedAsync()
    {
        await using var db = await _s.DbAsync(Ct);
        var admin = _s.Get<ChannelAdmin>();
        var alpha = await db.AddChannelAsync("Alpha");
        var bravo = await db.AddChannelAsync("Bravo");
        var charlie = await db.AddChannelAsync("Charlie");
        var keys = new Dictionary<int, ApiKey>
        {
            [alpha] = admin.NewKey("sk-alpha-key-0001", "admin@test.local", fromConfiguration: false),
            [bravo] = admin.NewKey("sk-bravo-key-0002", "admin@test.local", fromConfiguration: false),
            [charlie] = admin.NewKey("sk-charlie-key-0003", "admin@test.local", fromConfiguration: false),
        };
        foreach (var (channel, key) in keys)
        {
            key.ChannelId = channel;
            db.ApiKeys.Add(key);
        }

        keys[charlie].IsEnabled = false;
        await db.SaveChangesAsync(Ct);
        await db.Channels.Where(c => c.Id == bravo).ExecuteUpdateAsync(u => u
            .SetProperty(c => c.PausedUtc, Now).SetProperty(c => c.PausedCode, 10002).SetProperty(c => c.PausedMessage, "invalid API key"), Ct);

        var b = await db.AddBroadcastAsync(bravo, BroadcastState.Sending, Now.AddHours(-1), "x", BroadcastSeed.Delivery("+4915100000009", DeliveryState.Queued));
        var delivery = db.Deliveries.Single(d => d.BroadcastId == b.Id).Id;
        var attempt = BroadcastSeed.Attempt(AttemptKind.Check, Now.AddMinutes(-30), OutcomeKind.ChannelMisconfigured, 401, 10002);
        attempt.ApiKeyId = keys[bravo].Id;
        await db.AddAttemptsAsync(delivery, attempt);

        var recipient = new Recipient { Phone = "+4915100000010", Name = "Writer", OptIn = OptInStatus.OptedIn, CreatedUtc = Now };
        db.Recipients.Add(recipient);
        await db.SaveChangesAsync(Ct);
        db.RecipientActivity.Add(new RecipientChannelActivity { RecipientId = recipient.Id, ChannelId = alpha, LastInboundUtc = Now.AddMinutes(-30) });
        await db.SaveChangesAsync(Ct);
        return (alpha, bravo, charlie);
    }
}
