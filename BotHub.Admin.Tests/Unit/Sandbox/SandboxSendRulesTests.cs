using System.Text.Json;
using System.Text.Json.Nodes;
using BotHub.Admin.Features.Provider;
using BotHub.Admin.Tests.Infrastructure;
using static BotHub.Admin.Tests.Unit.Sandbox.SandboxAnswerAssert;

namespace BotHub.Admin.Tests.Unit.Sandbox;

/// <summary>A send's checks, in the provider's order: key, bot, body, 41xxx/10100, repeated id, opt-in.</summary>
public sealed class SandboxSendRulesTests
{
    private readonly SandboxRig _rig = new();

    /// <summary>Per 41xxx code, a valid message of some type and how to break it so that only that code applies.</summary>
    public static TheoryData<int, string, string, string?> Codes41 => new()
    {
        { 41006, "text", "id", null }, { 41007, "text", "to", null }, { 41008, "text", "type", null },
        { 41009, "text", "timestamp", null }, { 41010, "image", "image", null }, { 41011, "document", "document", null },
        { 41012, "text", "text", null }, { 41013, "audio", "audio", null }, { 41014, "text", "type", "video" },
        { 41015, "text", "text.body", null }, { 41016, "document", "document.caption", null },
        { 41017, "document", "document.url", null }, { 41018, "document", "document.extension", null },
        { 41019, "image", "image.caption", null }, { 41021, "image", "image.url", null },
        { 41022, "image", "image.extension", null }, { 41023, "audio", "audio.caption", null },
        { 41024, "audio", "audio.url", null }, { 41025, "audio", "audio.extension", null },
        { 41035, "text", "source", null }, { 41036, "text", "source", "whatsapp" },
    };

    /// <summary>A valid message of <paramref name="type"/> with <paramref name="path"/> removed, or set when a value is given.</summary>
    public static JsonObject Broken(string type, string path, string? value)
    {
        var message = type == "text" ? SandboxMessages.Text() : SandboxMessages.Media(type);
        var parts = path.Split('.');
        var parent = parts.Length == 1 ? message : message[parts[0]]!.AsObject();
        if (value is null)
        {
            parent.Remove(parts[^1]);
        }
        else
        {
            parent[parts[^1]] = value;
        }

        return message;
    }

    [Theory]
    [MemberData(nameof(Codes41))]
    public async Task Message_BrokenInOneField_RefusedWithThatFieldsCode(int code, string type, string path, string? value)
    {
        await _rig.WritesAsync();

        var answer = await _rig.SendAsync(Broken(type, path, value));

        IsError(answer, 400, code, ErrorCatalogue.Find(code).English);
    }

    [Fact]
    public void Codes41_CoverEvery41xxxCodeOfTheTable()
    {
        var table = ErrorCatalogue.All.Select(e => e.Code).Where(c => c / 1000 == 41).Order();
        Assert.Equal(table, Codes41.Select(row => row.Data.Item1).Order());
    }

    [Theory]
    [InlineData("image", "image.url", "http://files.example.com/a.png", "image.url: not an absolute https URL")]
    [InlineData("image", "image.extension", "gif", "image.extension: not one of jpg, jpeg, png")]
    [InlineData("text", "to", "12345", "to: not a phone number in E.164 form (+ and 8 to 15 digits)")]
    [InlineData("text", "timestamp", "yesterday", "timestamp: not Unix seconds")]
    public async Task Message_WithABadValue_Refused10100WithTheDetail(string type, string path, string value, string message)
    {
        IsError(await _rig.SendAsync(Broken(type, path, value)), 400, 10100, message);
    }

    [Fact]
    public async Task Message_WithABodyLongerThan4096_Refused10100()
    {
        IsError(await _rig.SendAsync(SandboxMessages.Text(body: new string('a', 4097))), 400, 10100, "text.body: longer than 4096 characters");
    }

    [Theory]
    [InlineData("this is not JSON")]
    [InlineData("")]
    [InlineData("[1, 2]")]
    [InlineData("null")]
    [InlineData("""{"id": 5}""")]
    public async Task Body_NotAJsonMessage_Refused10100(string body)
    {
        IsError(await _rig.SendRawAsync(body), 400, 10100, "body is not a JSON object");
    }

    [Fact]
    public async Task ApiKey_MissingOrEmpty_Refused401With10001()
    {
        IsError(await _rig.SendAsync(SandboxMessages.Text(), key: null), 401, 10001, "no API key given");
        IsError(await _rig.SendAsync(SandboxMessages.Text(), key: ""), 401, 10001);
    }

    [Fact]
    public async Task ApiKey_NotOneOfTheChannels_Refused401With10002_AndNotCounted()
    {
        IsError(await _rig.SendAsync(SandboxMessages.Text(), key: "someone-elses-key"), 401, 10002, "invalid API key");
        Assert.Empty(_rig.Provider.Stats().Channels);
    }

    [Fact]
    public async Task Bot_Unknown_Refused404With10006()
    {
        IsError(await _rig.SendAsync(SandboxMessages.Text(), bot: "+8613800000999"), 404, 10006, "bot does not exist or has been deleted");
    }

    [Fact]
    public async Task Bot_Removed_Refused404With10006()
    {
        Assert.True(_rig.Channels.Remove(SandboxMessages.Bot));
        IsError(await _rig.SendAsync(SandboxMessages.Text()), 404, 10006);
    }

    [Fact]
    public async Task Id_SentTwice_SecondIs409With10011()
    {
        await _rig.WritesAsync();
        var message = SandboxMessages.Text();
        IsAccepted(await _rig.SendAsync(message));

        IsError(await _rig.SendAsync(message), 409, 10011, "Request already processed");
        Assert.Equal(1, _rig.Stats.Accepted);
    }

    [Fact]
    public async Task Id_UsedByACheck_IsRefusedForASend()
    {
        await _rig.WritesAsync();
        var id = SandboxMessages.NewId();
        Assert.Equal(200, (await _rig.CheckAsync(SandboxMessages.Check(id))).Status);

        IsError(await _rig.SendAsync(SandboxMessages.Text(id)), 409, 10011);
    }

    [Fact]
    public async Task OptIn_UserDidNotWriteToday_Refused10100Subcode2_ThenAcceptedWithTheSameIdOnceTheyWrite()
    {
        var message = SandboxMessages.Text();
        IsError(await _rig.SendAsync(message), 400, 10100, "no_message_today", subcode: 2);

        await _rig.WritesAsync();

        IsAccepted(await _rig.SendAsync(message));
    }

    [Fact]
    public async Task OptOut_UserWroteStop_Refused10100Subcode3_UntilTheyWriteAgain()
    {
        await _rig.WritesAsync(text: "  stop ");
        IsError(await _rig.SendAsync(SandboxMessages.Text()), 400, 10100, "opted_out", subcode: 3);

        await _rig.WritesAsync(text: "hello again");
        IsAccepted(await _rig.SendAsync(SandboxMessages.Text()));
    }

    [Fact]
    public async Task ErrorBody_HasTheSpecsShape_AndRequestIdsIncrease()
    {
        var first = await _rig.SendAsync(SandboxMessages.Text(), key: null);
        var second = await _rig.SendAsync(SandboxMessages.Text(), key: null);

        var json = JsonNode.Parse(JsonSerializer.Serialize(first.Body, ProviderJsonContext.Wire.ProviderResponse))!.AsObject();
        Assert.Equal(["error"], json.Select(p => p.Key));
        Assert.Equal(["code", "error_subcode", "type", "message", "request_id"], json["error"]!.AsObject().Select(p => p.Key));
        Assert.Equal("", (string?)json["error"]!["type"]);
        Assert.Equal(JsonValueKind.Number, json["error"]!["request_id"]!.GetValueKind());
        Assert.True(long.Parse(second.Error!.RequestIdText!, System.Globalization.CultureInfo.InvariantCulture)
            > long.Parse(first.Error!.RequestIdText!, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Accepted_BodyIsResultTrueWithEmptyData()
    {
        await _rig.WritesAsync();
        var answer = await _rig.SendAsync(SandboxMessages.Media("audio"));

        IsAccepted(answer);
        Assert.Equal("""{"result":true,"data":{}}""", JsonSerializer.Serialize(answer.Body, ProviderJsonContext.Wire.ProviderResponse));
    }
}
