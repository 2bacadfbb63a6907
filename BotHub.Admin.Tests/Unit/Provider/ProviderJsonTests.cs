using System.Text.Json;
using BotHub.Admin.Features.Provider;

namespace BotHub.Admin.Tests.Unit.Provider;

/// <summary>The request bodies exactly as the spec shows them, type by type.</summary>
public sealed class ProviderJsonTests
{
    private static string Json(SendRequest r) => JsonSerializer.Serialize(r, ProviderJsonContext.Wire.SendRequest);

    private static SendRequest Base(string type) =>
        new() { Id = "abc-1", To = "+8613800138000", Timestamp = "1700000000", Source = "botchat", Type = type };

    [Fact]
    public void Text_IsSerializedAsTheSpecShows()
    {
        var r = Base("text");
        r.Text = new TextBody { Body = "Hello world" };
        Assert.Equal(
            """{"id":"abc-1","to":"+8613800138000","timestamp":"1700000000","source":"botchat","type":"text","text":{"body":"Hello world"}}""",
            Json(r));
    }

    [Theory]
    [InlineData("image", "png")]
    [InlineData("document", "pdf")]
    [InlineData("audio", "mp3")]
    public void Media_IsSerializedUnderItsOwnTypeName(string type, string ext)
    {
        var r = Base(type);
        var media = new MediaBody { Url = $"https://cdn.example.com/f.{ext}", Caption = "Caption", Extension = ext };
        _ = type switch { "image" => r.Image = media, "document" => r.Document = media, _ => r.Audio = media };
        Assert.Equal(
            $$$"""{"id":"abc-1","to":"+8613800138000","timestamp":"1700000000","source":"botchat","type":"{{{type}}}","{{{type}}}":{"url":"https://cdn.example.com/f.{{{ext}}}","caption":"Caption","extension":"{{{ext}}}"}}""",
            Json(r));
    }

    [Fact]
    public void ErrorAnswer_IsRead_WithItsNumericRequestId()
    {
        var body = """{ "error": { "code": 10011, "error_subcode": 0, "type": "", "message": "Request already processed", "request_id": 35122312158 } }""";
        var r = JsonSerializer.Deserialize(body, ProviderJsonContext.Wire.ProviderResponse)!;
        Assert.Equal(10011, r.Error!.Code);
        Assert.Equal("35122312158", r.Error.RequestIdText);
        Assert.Equal("Request already processed", r.Error.Message);
    }

    [Fact]
    public void ChineseText_IsSentAsItIs()
    {
        var r = Base("text");
        r.Text = new TextBody { Body = "您好，世界 \"quoted\"" };
        Assert.EndsWith(""""text":{"body":"您好，世界 \"quoted\""}}"""", Json(r), StringComparison.Ordinal);
    }

    [Fact]
    public void CheckRequest_IsIdAndTo()
    {
        Assert.Equal("""{"id":"c1","to":"+8613800138000"}""",
            JsonSerializer.Serialize(new CheckRequest { Id = "c1", To = "+8613800138000" }, ProviderJsonContext.Wire.CheckRequest));
    }
}
