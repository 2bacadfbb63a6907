using BotHub.Admin.Features.Provider;
using BotHub.Admin.Features.Provider.Sandbox;
using Microsoft.Extensions.Time.Testing;

namespace BotHub.Admin.Tests.Contract;

/// <summary>The real provider client against the sandbox over HTTP: every outcome the engine will meet.</summary>
public sealed class ProviderClientContractTests
{
    private const string User = "+8613911110001";

    [Fact]
    public async Task EveryMessageType_IsAccepted_WhenTheUserWroteToday()
    {
        await using var rig = await ClientOnSandbox.StartAsync();
        await rig.UserWritesAsync(User);

        Assert.Equal(OutcomeKind.Accepted, (await rig.SendAsync(ClientOnSandbox.Text(User, body: "您好 +1"))).Kind);
        foreach (var (type, ext) in new[] { ("image", "jpg"), ("document", "pdf"), ("audio", "ogg") })
        {
            var r = ClientOnSandbox.Text(User);
            r.Type = type;
            r.Text = null;
            var media = new MediaBody { Url = $"https://cdn.example.com/file.{ext}", Caption = "caption", Extension = ext };
            _ = type switch { "image" => r.Image = media, "document" => r.Document = media, _ => r.Audio = media };
            var outcome = await rig.SendAsync(r);
            Assert.True(outcome.Kind == OutcomeKind.Accepted, $"{type}: {outcome.Error}");
        }
    }

    [Fact]
    public async Task KeyAndBotErrors_AreChannelMisconfigured_WithTheirCodes()
    {
        await using var rig = await ClientOnSandbox.StartAsync();
        await rig.UserWritesAsync(User);

        var noKey = await rig.SendAsync(ClientOnSandbox.Text(User), key: "");
        var wrongKey = await rig.SendAsync(ClientOnSandbox.Text(User), key: "not-the-key");
        var noBot = await rig.SendAsync(ClientOnSandbox.Text(User), bot: "+8613800000999");

        Assert.Equal((OutcomeKind.ChannelMisconfigured, 10001), (noKey.Kind, noKey.Error!.Code));
        Assert.Equal((OutcomeKind.ChannelMisconfigured, 10002), (wrongKey.Kind, wrongKey.Error!.Code));
        Assert.Equal((OutcomeKind.ChannelMisconfigured, 10006), (noBot.Kind, noBot.Error!.Code));
        Assert.Equal("无效的API KEY", wrongKey.Error.Info.Chinese);
    }

    public static TheoryData<string, int> BadMessages => new()
    {
        { "id", 41006 }, { "to", 41007 }, { "type", 41008 }, { "timestamp", 41009 }, { "source", 41035 }, { "source=web", 41036 },
        { "type=video", 41014 }, { "text", 41012 }, { "text.body", 41015 }, { "to=12345", 10100 },
        { "image", 41010 }, { "image.url", 41021 }, { "image.caption", 41019 }, { "image.extension", 41022 },
        { "document", 41011 }, { "document.url", 41017 }, { "document.caption", 41016 }, { "document.extension", 41018 },
        { "audio", 41013 }, { "audio.url", 41024 }, { "audio.caption", 41023 }, { "audio.extension", 41025 },
    };

    [Theory]
    [MemberData(nameof(BadMessages))]
    public async Task EachBadField_IsRejected_WithTheProvidersCode(string broken, int code)
    {
        await using var rig = await ClientOnSandbox.StartAsync();
        await rig.UserWritesAsync(User);

        var outcome = await rig.SendAsync(Break(broken));

        Assert.Equal(OutcomeKind.Rejected, outcome.Kind);
        Assert.Equal(code, outcome.Error!.Code);
        Assert.Equal(400, outcome.HttpStatus);
    }

    [Fact]
    public async Task RepeatedId_Is10011_AlreadyProcessed()
    {
        await using var rig = await ClientOnSandbox.StartAsync();
        await rig.UserWritesAsync(User);
        var message = ClientOnSandbox.Text(User);

        Assert.Equal(OutcomeKind.Accepted, (await rig.SendAsync(message)).Kind);
        var again = await rig.SendAsync(message);

        Assert.Equal(OutcomeKind.AlreadyProcessed, again.Kind);
        Assert.Equal(10011, again.Error!.Code);
        Assert.False(string.IsNullOrEmpty(again.Error.RequestId));
    }

    [Fact]
    public async Task PastTheRate_Is429_Transient_AndCountedAsAViolation()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 8, 0, 0, TimeSpan.Zero));
        await using var rig = await ClientOnSandbox.StartAsync(clock);
        await rig.UserWritesAsync(User);

        var outcomes = new List<ProviderOutcome>();
        for (var i = 0; i < 41; i++)
        {
            outcomes.Add(await rig.SendAsync(ClientOnSandbox.Text(User)));
        }

        Assert.All(outcomes.Take(40), o => Assert.Equal(OutcomeKind.Accepted, o.Kind));
        Assert.Equal((OutcomeKind.Transient, 429, 10000), (outcomes[40].Kind, outcomes[40].HttpStatus, outcomes[40].Error!.Code));
        Assert.Equal("rate limit exceeded", outcomes[40].Error!.ProviderMessage);

        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(OutcomeKind.Accepted, (await rig.SendAsync(ClientOnSandbox.Text(User))).Kind);
    }

    [Fact]
    public async Task UserWhoDidNotWriteToday_IsRefused_AndTheCheckSaysSo()
    {
        await using var rig = await ClientOnSandbox.StartAsync();
        const string silent = "+8613911110002";

        var check = await rig.Client.CheckAsync(ClientOnSandbox.Bot, ClientOnSandbox.Key,
            new CheckRequest { Id = Guid.NewGuid().ToString("N"), To = silent }, TestContext.Current.CancellationToken);
        var send = await rig.SendAsync(ClientOnSandbox.Text(silent));

        Assert.Equal(OutcomeKind.Accepted, check.Outcome.Kind);
        Assert.False(check.CanPush);
        Assert.Equal("no_message_today", check.Reason);
        Assert.Equal((OutcomeKind.Rejected, 10100, "no_message_today"), (send.Kind, send.Error!.Code, send.Error.ProviderMessage));

        await rig.UserWritesAsync(silent);
        var after = await rig.Client.CheckAsync(ClientOnSandbox.Bot, ClientOnSandbox.Key,
            new CheckRequest { Id = Guid.NewGuid().ToString("N"), To = silent }, TestContext.Current.CancellationToken);
        Assert.True(after.CanPush);
        Assert.Equal(OutcomeKind.Accepted, (await rig.SendAsync(ClientOnSandbox.Text(silent))).Kind);
    }

    [Fact]
    public async Task PastTheTiersDailyQuota_IsRefused_WhileARepeatUserCostsNothing()
    {
        await using var rig = await ClientOnSandbox.StartAsync(settings: ("Bsp:Sandbox:TierLimits:0", "3"));
        var users = new[] { "+8613911110011", "+8613911110012", "+8613911110013", "+8613911110014" };
        foreach (var u in users)
        {
            await rig.UserWritesAsync(u);
        }

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(OutcomeKind.Accepted, (await rig.SendAsync(ClientOnSandbox.Text(users[i]))).Kind);
        }

        Assert.Equal(OutcomeKind.Accepted, (await rig.SendAsync(ClientOnSandbox.Text(users[0]))).Kind);
        var refused = await rig.SendAsync(ClientOnSandbox.Text(users[3]));
        Assert.Equal(80001, refused.Error!.Code);
        Assert.Contains("quota", refused.Error.ProviderMessage, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData(10000, OutcomeKind.Transient)]
    [InlineData(10003, OutcomeKind.Rejected)]
    [InlineData(10004, OutcomeKind.ChannelMisconfigured)]
    [InlineData(10005, OutcomeKind.ChannelMisconfigured)]
    [InlineData(18000, OutcomeKind.Transient)]
    [InlineData(19000, OutcomeKind.Transient)]
    [InlineData(80001, OutcomeKind.Transient)]
    [InlineData(80002, OutcomeKind.Transient)]
    public async Task InjectedErrors_AreDecodedAndClassified(int code, OutcomeKind expected)
    {
        await using var rig = await ClientOnSandbox.StartAsync();
        await rig.UserWritesAsync(User);
        rig.Faults.Settings = new SandboxFaultSettings { ErrorRates = new Dictionary<int, double> { [code] = 1.0 } };

        var outcome = await rig.SendAsync(ClientOnSandbox.Text(User));

        Assert.Equal(expected, outcome.Kind);
        Assert.Equal(code, outcome.Error!.Code);
        Assert.True(outcome.Error.Info.IsKnown);
    }

    [Fact]
    public async Task Latency_IsAddedToTheAnswer()
    {
        await using var rig = await ClientOnSandbox.StartAsync();
        await rig.UserWritesAsync(User);
        rig.Faults.Settings = new SandboxFaultSettings { LatencyMeanMs = 300 };

        var outcome = await rig.SendAsync(ClientOnSandbox.Text(User));

        Assert.Equal(OutcomeKind.Accepted, outcome.Kind);
        Assert.InRange(outcome.Elapsed, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(4));
    }

    [Fact]
    public async Task TimeoutAndDroppedConnection_AreTransientNetworkErrors()
    {
        await using var rig = await ClientOnSandbox.StartAsync(requestTimeout: TimeSpan.FromSeconds(1));
        await rig.UserWritesAsync(User);

        rig.Faults.Settings = new SandboxFaultSettings { TimeoutRate = 1 };
        var timedOut = await rig.SendAsync(ClientOnSandbox.Text(User));
        rig.Faults.Settings = new SandboxFaultSettings { DropRate = 1 };
        var dropped = await rig.SendAsync(ClientOnSandbox.Text(User));

        Assert.Equal((OutcomeKind.Transient, 80002, (int?)null), (timedOut.Kind, timedOut.Error!.Code, timedOut.HttpStatus));
        Assert.Contains("no answer within 1 s", timedOut.Error.ProviderMessage, StringComparison.Ordinal);
        Assert.Equal((OutcomeKind.Transient, 80002, (int?)null), (dropped.Kind, dropped.Error!.Code, dropped.HttpStatus));
    }

    [Fact]
    public async Task AnswerLostAfterAcceptance_ThenRetryWithTheSameId_IsAlreadyProcessed()
    {
        await using var rig = await ClientOnSandbox.StartAsync();
        await rig.UserWritesAsync(User);
        var message = ClientOnSandbox.Text(User);

        rig.Faults.Settings = new SandboxFaultSettings { AnswerLostRate = 1 };
        var lost = await rig.SendAsync(message);
        rig.Faults.Settings = new SandboxFaultSettings();
        var retry = await rig.SendAsync(message);

        Assert.Equal(OutcomeKind.Transient, lost.Kind);
        Assert.Equal(OutcomeKind.AlreadyProcessed, retry.Kind);
        Assert.True(retry.IsSuccess);
    }

    private static SendRequest Break(string broken)
    {
        var type = broken.Split('.', '=')[0] is "image" or "document" or "audio" ? broken.Split('.')[0] : "text";
        var r = ClientOnSandbox.Text(User);
        if (type != "text")
        {
            r.Type = type;
            r.Text = null;
            var ext = type switch { "image" => "png", "document" => "pdf", _ => "mp3" };
            var media = new MediaBody { Url = $"https://cdn.example.com/f.{ext}", Caption = "c", Extension = ext };
            _ = type switch { "image" => r.Image = media, "document" => r.Document = media, _ => r.Audio = media };
        }

        var m = r.Image ?? r.Document ?? r.Audio;
        switch (broken)
        {
            case "id": r.Id = null; break;
            case "to": r.To = null; break;
            case "type": r.Type = null; break;
            case "timestamp": r.Timestamp = null; break;
            case "source": r.Source = null; break;
            case "source=web": r.Source = "web"; break;
            case "type=video": r.Type = "video"; break;
            case "text": r.Text = null; break;
            case "text.body": r.Text!.Body = ""; break;
            case "to=12345": r.To = "12345"; break;
            case "image": r.Image = null; break;
            case "document": r.Document = null; break;
            case "audio": r.Audio = null; break;
            default:
                var field = broken.Split('.')[1];
                _ = field switch { "url" => m!.Url = null, "caption" => m!.Caption = null, _ => m!.Extension = null };
                break;
        }

        return r;
    }
}
