using System.Text.Json;
using System.Text.Json.Nodes;
using BotHub.Admin.Tests.Infrastructure;
using BotHub.Admin.Tests.Unit.Sandbox;

namespace BotHub.Admin.Tests.Contract;

/// <summary>The sandbox over real loopback HTTP, as the app's client (or curl) meets it: raw requests, raw answers.</summary>
public sealed class SandboxHttpTests(SandboxTestServer sandbox) : IClassFixture<SandboxTestServer>
{
    private readonly string _bot = sandbox.NewChannel();

    public static TheoryData<int, string, string, string?> Codes41 => SandboxSendRulesTests.Codes41;

    [Fact]
    public void Server_ListensOnLoopback_AtTheBoundFreePort()
    {
        Assert.Equal("127.0.0.1", sandbox.Server.BaseUrl.Host);
        Assert.NotEqual(0, sandbox.Server.BaseUrl.Port);
    }

    [Fact]
    public async Task Send_BeforeTheUserWrites_IsRefusedWithTheSpecsErrorObject_AfterInboundItIsAccepted()
    {
        var message = SandboxMessages.Text();

        var refused = await sandbox.SendAsync(_bot, message);
        var inbound = await sandbox.WritesAsync(_bot, text: "你好");
        var accepted = await sandbox.SendAsync(_bot, message);

        refused.IsError(400, 10100, "no_message_today");
        Assert.Equal("application/json", refused.ContentType?.MediaType);
        var error = refused.Json["error"]!.AsObject();
        Assert.Equal(["code", "error_subcode", "type", "message", "request_id"], error.Select(p => p.Key));
        Assert.Equal((2, "", JsonValueKind.Number), ((int)error["error_subcode"]!, (string?)error["type"], error["request_id"]!.GetValueKind()));
        Assert.Equal(200, inbound.Status);
        Assert.True((bool)inbound.Json["delivered"]!);
        var delivered = Assert.Single(sandbox.Inbound.Messages, m => m.Bot == _bot);
        Assert.Equal((SandboxMessages.User, "Mei", "你好", (string?)inbound.Json["id"]), (delivered.From, delivered.Name, delivered.Text, delivered.Id));
        Assert.Equal((200, """{"result":true,"data":{}}"""), (accepted.Status, accepted.Raw));
    }

    [Fact]
    public async Task Keys_MissingIs401With10001_WrongIs401With10002_UnknownBotIs404With10006()
    {
        (await sandbox.SendAsync(_bot, SandboxMessages.Text(), key: null)).IsError(401, 10001, "no API key given");
        (await sandbox.SendAsync(_bot, SandboxMessages.Text(), key: "not-this-one")).IsError(401, 10002, "invalid API key");
        (await sandbox.SendAsync("+8613700000000", SandboxMessages.Text())).IsError(404, 10006);
    }

    [Theory]
    [MemberData(nameof(Codes41))]
    public async Task Send_BrokenInOneField_Is400WithThatCode(int code, string type, string path, string? value)
    {
        (await sandbox.SendAsync(_bot, SandboxSendRulesTests.Broken(type, path, value))).IsError(400, code);
    }

    [Fact]
    public async Task Send_BadUrlExtensionLengthPhoneOrBody_Is400With10100()
    {
        (await sandbox.SendAsync(_bot, SandboxSendRulesTests.Broken("document", "document.url", "ftp://x.example/a.pdf"))).IsError(400, 10100);
        (await sandbox.SendAsync(_bot, SandboxSendRulesTests.Broken("audio", "audio.extension", "wav"))).IsError(400, 10100);
        (await sandbox.SendAsync(_bot, SandboxMessages.Text(body: new string('长', 4097)))).IsError(400, 10100);
        (await sandbox.SendAsync(_bot, SandboxMessages.Text(to: "+86 139 0000 0001"))).IsError(400, 10100);
        var notJson = await SandboxTestServer.CallAsync(sandbox.Http, SandboxTestServer.Post($"/channels/{_bot}/messages", "{ id: 1"));
        notJson.IsError(400, 10100, "body is not a JSON object");
    }

    [Fact]
    public async Task Send_TheSameIdTwice_SecondIs409With10011()
    {
        await sandbox.WritesAsync(_bot);
        var message = SandboxMessages.Media("image");

        Assert.Equal(200, (await sandbox.SendAsync(_bot, message)).Status);
        (await sandbox.SendAsync(_bot, message)).IsError(409, 10011, "Request already processed");
    }

    [Fact]
    public async Task Check_AnswersCanPushFalseThenTrue_WithPhoneNumbersAsTheyAre()
    {
        var before = await sandbox.CheckAsync(_bot, SandboxMessages.Check());
        await sandbox.WritesAsync(_bot);
        var after = await sandbox.CheckAsync(_bot, SandboxMessages.Check());

        Assert.Equal("""{"result":true,"data":{"to":"+8613900000001","can_push":false,"reason":"no_message_today"}}""", before.Raw);
        Assert.Equal("""{"result":true,"data":{"to":"+8613900000001","can_push":true}}""", after.Raw);
    }

    [Fact]
    public async Task Rate_ABurstPastTheBucket_Is429With10000_AndEveryRefusalIsCounted()
    {
        var replies = new List<Reply>();
        for (var i = 0; i < 70; i++)
        {
            replies.Add(await sandbox.CheckAsync(_bot, SandboxMessages.Check()));
        }

        var refused = replies.Where(r => r.Status == 429).ToList();
        Assert.NotEmpty(refused);
        Assert.All(refused, r => r.IsError(429, 10000, "rate limit exceeded"));
        // 40 held, plus whatever refilled at 20/s while the burst ran.
        Assert.InRange(replies.Count(r => r.Status == 200), 40, 40 + 20 * 2);
        Assert.Equal(refused.Count, (int)(await sandbox.StatsAsync(_bot))["rate_violations"]!);
    }

    [Fact]
    public async Task Stats_ReportsTheChannelsFigures()
    {
        string[] users = [SandboxRig.UserNo(1), SandboxRig.UserNo(2)];
        foreach (var user in users)
        {
            await sandbox.WritesAsync(_bot, user);
        }

        foreach (var user in (string[])[users[0], users[0], users[1]])
        {
            Assert.Equal(200, (await sandbox.SendAsync(_bot, SandboxMessages.Text(to: user))).Status);
        }

        await sandbox.CheckAsync(_bot, SandboxMessages.Check(to: users[1]));
        await sandbox.SendAsync(_bot, SandboxMessages.Text(body: ""));

        var stats = await sandbox.StatsAsync(_bot);
        Assert.Equal((5, 3, 1, 1, 0, 2), ((int)stats["requests"]!, (int)stats["accepted"]!, (int)stats["checks"]!,
            (int)stats["refused"]!, (int)stats["rate_violations"]!, (int)stats["inbound"]!));
        Assert.InRange((int)stats["busiest_second"]!, 3, 5);
        var day = Assert.Single(stats["notified_per_day"]!.AsObject());
        Assert.Equal(2, (int)day.Value!);
        Assert.Equal(DateOnly.FromDateTime(DateTime.UtcNow), DateOnly.Parse(day.Key, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Inbound_ForAnUnknownBotOrNotAPhone_IsRefused()
    {
        (await sandbox.WritesAsync("+8613700000000")).IsError(404, 10006);
        (await sandbox.WritesAsync(_bot, user: "someone")).IsError(400, 10100);
        Assert.DoesNotContain(sandbox.Inbound.Messages, m => m.Bot == _bot);
    }
}
