using BotHub.Admin.Components.Account;
using BotHub.Admin.Features.Audit;
using BotHub.Admin.Features.Broadcasts;
using BotHub.Admin.Features.Channels;
using BotHub.Admin.Features.Provider;
using BotHub.Admin.Features.Sending;
using BotHub.Admin.Features.Users;
using BotHub.Admin.Resources;
using BotHub.Admin.Tests.Infrastructure;
using BotHub.Admin.Tests.Unit.Recipients;
using Bunit;
using Bunit.Rendering;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Microsoft.JSInterop;
using MudBlazor;

namespace BotHub.Admin.Tests.Components.Channels;

/// <summary>The channels and keys page on the real services over a migrated Sqlite file, with a fake clock.</summary>
public sealed class ChannelsPageTests() : ChannelsPageTestBase(new BspOptions
{
    Channels = [new ConfiguredChannel { BotPhone = ConfigBot, Name = "Configured", WebhookSecret = "declared-secret" }],
})
{
    private const string ConfigBot = "+8613800000077";

    private async Task<int> ChannelAsync(string name, string bot)
    {
        var result = await Backend.Get<ChannelEditor>().CreateAsync(new ChannelForm { BotPhone = bot, Name = name, TimeZone = "Asia/Shanghai" }, Admin, Ct);
        Assert.True(result.Ok, result.Error?.ToString());
        return result.Id!.Value;
    }

    private async Task<int> KeyAsync(int channelId, string key) => (await Backend.Get<ChannelKeys>().AddAsync(channelId, key, Admin, Ct)).Id!.Value;

    private static void ClickLabelled(IRenderedComponent<ContainerFragment> host, string label) =>
        host.WaitForAssertion(() => host.Find($"button[aria-label='{label}']").Click());

    [Fact]
    public void NoChannels_ShowsTheEmptyStateWithAWayToCreateOne()
    {
        var host = RenderPage();

        host.WaitForAssertion(() => Assert.Contains("No channels or API keys yet", host.Markup, StringComparison.Ordinal));
        Assert.Equal(2, host.FindAll("button").Count(b => b.TextContent.Trim() == "New channel"));
    }

    [Fact]
    public async Task NewKey_IsShownOnceInFull_ThenOnlyItsLastFourCharacters()
    {
        const string key = "sk-bunit-Shown-Once-Key-8765";
        await ChannelAsync("North", "+8613800000001");
        var host = RenderPage();

        Click(host, "Add key");
        host.WaitForAssertion(() => host.Find(".mud-dialog input[type=password]").Change(key));
        Click(host, "Add key", ".mud-dialog");

        host.WaitForAssertion(() => Assert.Equal(key, host.Find(".secret-once input").GetAttribute("value")));
        Assert.Contains("It is shown only this once", host.Markup, StringComparison.Ordinal);
        Click(host, "Copy", ".mud-dialog");
        host.WaitForAssertion(() => Assert.Contains("Copied.", host.Markup, StringComparison.Ordinal));
        Click(host, "I have copied it", ".mud-dialog");

        host.WaitForAssertion(() => Assert.Contains("••••8765", host.Markup, StringComparison.Ordinal));
        host.WaitForAssertion(() => Assert.DoesNotContain(key, host.Markup, StringComparison.Ordinal));
        Assert.Empty(host.FindAll(".mud-dialog"));
        // A fresh render of the page (its providers are already there) reads the channels again.
        var again = Render<ChannelsPage>();
        again.WaitForAssertion(() => Assert.Contains("••••8765", again.Markup, StringComparison.Ordinal));
        Assert.DoesNotContain(key, again.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CopyRefusedByTheBrowser_SaysHowToCopyByHand()
    {
        var id = await ChannelAsync("North", "+8613800000001");
        await KeyAsync(id, "sk-first-key-0001");
        JSInterop.SetupVoid("navigator.clipboard.writeText", _ => true).SetException(new JSException("Write permission denied."));
        var host = RenderPage();

        Click(host, "Rotate secret");
        Click(host, "Rotate secret", ".mud-dialog");
        host.WaitForAssertion(() => Assert.Contains("webhook settings now", host.Markup, StringComparison.Ordinal));
        Click(host, "Copy", ".mud-dialog");

        host.WaitForAssertion(() => Assert.Contains("select the text and copy it with Ctrl+C", host.Markup, StringComparison.Ordinal));
    }

    [Fact]
    public async Task DeleteKey_RefusedWhileARunningBroadcastUsesTheChannel_TheReasonIsShown()
    {
        var id = await ChannelAsync("North", "+8613800000001");
        await KeyAsync(id, "sk-only-key-4321");
        await using (var db = await Backend.DbAsync(Ct))
        {
            await db.AddBroadcastAsync(id, BroadcastState.Sending, RecipientServices.Now.UtcDateTime, "running",
                BroadcastSeed.Delivery("+4915100000001", DeliveryState.Queued));
        }

        var host = RenderPage();
        ClickLabelled(host, "Delete key ••••4321");
        host.WaitForAssertion(() => Assert.Contains("Delete key ••••4321? This cannot be undone.", host.Markup, StringComparison.Ordinal));
        Click(host, "Delete", ".mud-dialog");

        host.WaitForAssertion(() => Assert.Contains("Refused: it is the channel's last enabled key and a broadcast on the channel is running or scheduled",
            host.Markup, StringComparison.Ordinal));
        Assert.Contains("••••4321", host.Find("[data-testid=key-masked]").TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en", "The provider refused the channel's API key: add a working key on the API keys page (10002)", "The provider has no such bot, or it was deleted: check the channel's bot number (10006)",
        "failed at its latest use.")]
    [InlineData("zh-Hans", "服务商拒绝了该渠道的 API 密钥：请在“API 密钥”页面添加可用的密钥（10002）", "服务商那里没有这个机器人，或它已被删除：请检查渠道的机器人号码（10006）", "最近一次使用失败。")]
    public async Task ProvidersLatestAnswer10002Or10006_ShowsAWarningWithTheDecodedText(string culture, string invalidKey, string noBot, string sentence)
    {
        var id = await ChannelAsync("North", "+8613800000001");
        var bad = await KeyAsync(id, "sk-bad-key-0002");
        var gone = await KeyAsync(id, "sk-gone-bot-0006");
        var fine = await KeyAsync(id, "sk-fine-key-0000");
        await using (var db = await Backend.DbAsync(Ct))
        {
            var at = RecipientServices.Now.UtcDateTime;
            var b = await db.AddBroadcastAsync(id, BroadcastState.Completed, at.AddHours(-3), "done", BroadcastSeed.Delivery("+4915100000001", DeliveryState.Sent));
            var delivery = db.Deliveries.Single(d => d.BroadcastId == b.Id).Id;
            await db.AddAttemptsAsync(delivery,
                Attempt(bad, at.AddHours(-2), OutcomeKind.ChannelMisconfigured, 10002),
                Attempt(gone, at.AddHours(-2), OutcomeKind.ChannelMisconfigured, 10006),
                Attempt(fine, at.AddHours(-2), OutcomeKind.ChannelMisconfigured, 10002),
                Attempt(fine, at.AddHours(-1), OutcomeKind.Accepted, null));
        }

        UseCulture(culture);
        var host = RenderPage();

        host.WaitForAssertion(() => Assert.Equal(2, host.FindAll("[data-testid=key-warning]").Count));
        var warnings = host.FindAll("[data-testid=key-warning]").Select(w => w.TextContent).ToList();
        Assert.Contains(warnings, w => w.Contains("••••0002", StringComparison.Ordinal) && w.Contains(invalidKey, StringComparison.Ordinal)
            && w.Contains(sentence, StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("••••0006", StringComparison.Ordinal) && w.Contains(noBot, StringComparison.Ordinal));
        Assert.DoesNotContain(warnings, w => w.Contains("••••0000", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ConfiguredChannel_IsReadOnly_ButAKeyAddedInTheUiCanBeManaged()
    {
        int id;
        await using (var db = await Backend.DbAsync(Ct))
        {
            var channel = new BotHub.Admin.Features.Channels.Channel { BotPhone = ConfigBot, Name = "Configured", TimeZone = "UTC", FromConfiguration = true, CreatedUtc = RecipientServices.Now.UtcDateTime };
            channel.Keys.Add(Backend.Get<ChannelAdmin>().NewKey("sk-config-key-1111", "configuration", fromConfiguration: true));
            Backend.Get<ChannelAdmin>().Rotate(channel, "declared-secret");
            db.Channels.Add(channel);
            await db.SaveChangesAsync(Ct);
            id = channel.Id;
        }

        await KeyAsync(id, "sk-ui-key-2222");
        var host = RenderPage();

        host.WaitForAssertion(() => Assert.NotNull(host.Find("[data-testid=config-note]")));
        Assert.Contains("From configuration", host.Markup, StringComparison.Ordinal);
        Assert.Empty(host.FindAll("button[aria-label='Edit channel Configured']"));
        Assert.Empty(host.FindAll("button[aria-label='Delete channel Configured']"));
        Assert.Empty(host.FindAll("button[aria-label='Disable key ••••1111']"));
        Assert.Empty(host.FindAll("button[aria-label='Delete key ••••1111']"));
        Assert.NotEmpty(host.FindAll("button[aria-label='Test key ••••1111']"));
        Assert.NotEmpty(host.FindAll("button[aria-label='Disable key ••••2222']"));
        Assert.NotEmpty(host.FindAll("button[aria-label='Delete key ••••2222']"));
        Assert.Contains("The secret is declared in the configuration", host.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain(host.FindAll("button"), b => b.TextContent.Trim() is "Rotate secret" or "Generate secret");
    }

    [Fact]
    public async Task CreateChannel_WithATakenBotPhone_SaysSoInTheDialog_InChinese()
    {
        await ChannelAsync("North", "+8613800000001");
        UseCulture("zh-Hans");
        var host = RenderPage();

        host.WaitForAssertion(() => Assert.Contains("渠道与 API 密钥", host.Markup, StringComparison.Ordinal));
        Click(host, "新建渠道");
        host.WaitForAssertion(() => host.Find(".mud-dialog input[type=tel]").Change("+86 138 0000 0001"));
        host.FindAll(".mud-dialog input").First(i => i.GetAttribute("type") != "tel").Change("South");
        Click(host, "创建", ".mud-dialog");

        host.WaitForAssertion(() => Assert.Contains("已存在使用该机器人电话号码的渠道", host.Markup, StringComparison.Ordinal));
        Assert.NotEmpty(host.FindAll(".mud-dialog"));
    }

    [Fact]
    public void CreateChannel_ShowsItsWebhookSecretOnce_ThenTheChannelWithoutIt()
    {
        var host = RenderPage();

        Click(host, "New channel");
        host.WaitForAssertion(() => host.Find(".mud-dialog input[type=tel]").Change("0086 138-0000-0042"));
        host.FindAll(".mud-dialog input").First(i => i.GetAttribute("type") != "tel").Change("East");
        Click(host, "Create", ".mud-dialog");

        string? secret = null;
        host.WaitForAssertion(() => secret = host.Find(".secret-once input").GetAttribute("value"));
        Assert.Matches("^[0-9a-f]{64}$", secret);
        Click(host, "I have copied it", ".mud-dialog");
        host.WaitForAssertion(() => Assert.Contains("+8613800000042", host.Markup, StringComparison.Ordinal));
        Assert.Contains("East", host.Find("[data-testid=channel] h2").TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(secret!, host.Markup, StringComparison.Ordinal);
        Assert.Contains("No keys: this channel cannot send until a key is added.", host.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryRefusal_HasATextInBothLanguages()
    {
        var l = Services.GetRequiredService<IStringLocalizer<Strings>>();
        foreach (var error in Enum.GetValues<ChannelError>())
        {
            UseCulture("en");
            var english = l[$"Channels.Error.{error}"];
            UseCulture("zh-Hans");
            var chinese = l[$"Channels.Error.{error}"];

            Assert.False(english.ResourceNotFound, $"no text for {error}");
            Assert.NotEqual(english.Value, chinese.Value);
        }
    }

    private static DeliveryAttempt Attempt(int key, DateTime at, OutcomeKind outcome, int? code)
    {
        var attempt = BroadcastSeed.Attempt(AttemptKind.Send, at, outcome, 200, code);
        attempt.ApiKeyId = key;
        return attempt;
    }
}
