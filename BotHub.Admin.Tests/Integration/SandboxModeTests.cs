using System.Net;
using System.Net.Http.Json;
using BotHub.Admin.Data;
using BotHub.Admin.Features.Provider;
using BotHub.Admin.Features.Provider.Sandbox;
using BotHub.Admin.Features.Recipients;
using BotHub.Admin.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BotHub.Admin.Tests.Integration;

/// <summary>The app as a fresh start runs it: sandbox mode, the sandbox inside, a channel from configuration.</summary>
public sealed class SandboxModeTests(SandboxModeTests.App app) : IClassFixture<SandboxModeTests.App>
{
    private const string Bot = "+8613800000077";
    private const string Key = "sandbox-mode-key-7777";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public sealed class App : TestApp
    {
        protected override IDictionary<string, string?> Settings
        {
            get
            {
                var s = base.Settings;
                s["Bsp:Mode"] = "Sandbox";
                s["Bsp:Channels:0:BotPhone"] = Bot;
                s["Bsp:Channels:0:Name"] = "Sandbox bot";
                s["Bsp:Channels:0:TimeZone"] = "Europe/Berlin";
                s["Bsp:Channels:0:Tier"] = "2";
                s["Bsp:Channels:0:ApiKey"] = Key;
                return s;
            }
        }
    }

    [Fact]
    public async Task UserWritingThroughTheSandbox_ReachesTheAppsWebhook_ThenTheClientMaySendToThem()
    {
        var sandbox = app.Services.GetRequiredService<SandboxServer>();
        using var http = sandbox.NewControlClient();
        const string user = "+4915112345678";

        // Before the user writes, the provider refuses a push.
        var client = app.Services.GetRequiredService<ProviderClient>();
        var before = await client.SendAsync(Bot, Key, ContractText(user), Ct);
        Assert.Equal(OutcomeKind.Rejected, before.Kind);

        var inbound = await http.PostAsJsonAsync("/_sandbox/inbound", new { bot = Bot, from = user, name = "Anna", text = "Hallo" }, Ct);
        Assert.True(inbound.IsSuccessStatusCode, await inbound.Content.ReadAsStringAsync(Ct));

        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(Ct))
        {
            var message = await db.InboundMessages.SingleAsync(m => m.From == user, Ct);
            Assert.Equal("Hallo", message.Text);
            var recipient = await db.Recipients.SingleAsync(r => r.Phone == user, Ct);
            Assert.Equal(("Anna", OptInStatus.OptedIn), (recipient.Name, recipient.OptIn));
        }

        var after = await client.SendAsync(Bot, Key, ContractText(user), Ct);
        Assert.Equal(OutcomeKind.Accepted, after.Kind);

        using var stats = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync("/_sandbox/stats", Ct));
        var channel = stats.RootElement.GetProperty("channels").GetProperty(Bot);
        Assert.True(channel.GetProperty("requests").GetInt32() >= 2);
    }

    [Fact]
    public async Task SandboxRefusesAKeyTheAppDoesNotHave()
    {
        var client = app.Services.GetRequiredService<ProviderClient>();
        var outcome = await client.SendAsync(Bot, "some-other-key", ContractText("+4915112345679"), Ct);
        Assert.Equal((OutcomeKind.ChannelMisconfigured, 10002), (outcome.Kind, outcome.Error!.Code));
        Assert.Equal(HttpStatusCode.Unauthorized, (HttpStatusCode)outcome.HttpStatus!);
    }

    private static SendRequest ContractText(string to) => new()
    {
        Id = Guid.NewGuid().ToString("N"), To = to, Timestamp = "1700000000", Source = "livechat", Type = "text",
        Text = new TextBody { Body = "Guten Tag" },
    };
}
