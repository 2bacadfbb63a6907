using BotHub.Admin.Features.Provider;

namespace BotHub.Admin.Tests.Unit.Provider;

public sealed class MessageRulesTests
{
    private static SendRequest Text(string? body = "Hello world") => new()
    {
        Id = "m1", To = "+8613800138000", Timestamp = "1700000000", Source = "botchat", Type = "text", Text = new TextBody { Body = body },
    };

    private static SendRequest Media(string type, string? url = "https://cdn.example.com/f.png", string? caption = "c", string? ext = "png")
    {
        var media = new MediaBody { Url = url, Caption = caption, Extension = ext };
        var r = new SendRequest { Id = "m1", To = "+8613800138000", Timestamp = "1700000000", Source = "livechat", Type = type };
        switch (type)
        {
            case "image": r.Image = media; break;
            case "document": r.Document = media; break;
            default: r.Audio = media; break;
        }

        return r;
    }

    private static int[] Codes(SendRequest r) => MessageRules.Validate(r).Select(i => i.Code).ToArray();

    [Fact]
    public void ValidMessagesOfEveryType_HaveNoIssues()
    {
        Assert.Empty(Codes(Text()));
        Assert.Empty(Codes(Media("image", ext: "jpg")));
        Assert.Empty(Codes(Media("document", "https://x.example/a.pdf", ext: "pdf")));
        Assert.Empty(Codes(Media("audio", "https://x.example/a.mp3", ext: "mp3")));
    }

    [Fact]
    public void MissingTopLevelFields_GiveTheirCodes_InTheProvidersOrder()
    {
        Assert.Equal([41006, 41007, 41008, 41009, 41035], Codes(new SendRequest()));
        var r = Text();
        r.Source = "web";
        Assert.Equal([41036], Codes(r));
        r = Text();
        r.Type = "video";
        Assert.Equal([41014], Codes(r));
    }

    [Fact]
    public void TextChecks_GiveTextCodes()
    {
        var r = Text();
        r.Text = null;
        Assert.Equal([41012], Codes(r));
        Assert.Equal([41015], Codes(Text("   ")));
        Assert.Equal([10100], Codes(Text(new string('a', 4097))));
        Assert.Empty(Codes(Text(new string('a', 4096))));
    }

    [Theory]
    [InlineData("image", 41010, 41021, 41019, 41022)]
    [InlineData("document", 41011, 41017, 41016, 41018)]
    [InlineData("audio", 41013, 41024, 41023, 41025)]
    public void MediaChecks_GiveEachTypesOwnCodes(string type, int missing, int url, int caption, int ext)
    {
        var r = Media(type);
        r.Image = r.Document = r.Audio = null;
        Assert.Equal([missing], Codes(r));
        Assert.Contains(url, Codes(Media(type, url: null)));
        Assert.Contains(caption, Codes(Media(type, caption: "")));
        Assert.Contains(ext, Codes(Media(type, ext: null)));
    }

    [Theory]
    [InlineData("http://cdn.example.com/f.png", "image.url")]
    [InlineData("/relative/f.png", "image.url")]
    [InlineData("ftp://cdn.example.com/f.png", "image.url")]
    public void MediaUrl_MustBeAbsoluteHttps(string url, string field)
    {
        var issue = Assert.Single(MessageRules.Validate(Media("image", url)));
        Assert.Equal((10100, field), (issue.Code, issue.Field));
    }

    [Fact]
    public void ExtensionNotAllowedForTheType_AndLongCaption_Are10100()
    {
        Assert.Equal([10100], Codes(Media("image", ext: "pdf")));
        Assert.Equal([10100], Codes(Media("audio", ext: "wav")));
        Assert.Equal([10100], Codes(Media("image", caption: new string('c', 1025))));
        Assert.Empty(Codes(Media("image", caption: new string('c', 1024))));
    }

    [Theory]
    [InlineData("8613800138000")]
    [InlineData("+0123456789")]
    [InlineData("+1234567")]
    [InlineData("+1234567890123456")]
    public void PhoneNotInE164_Is10100(string to)
    {
        var r = Text();
        r.To = to;
        Assert.Equal([10100], Codes(r));
    }

    [Theory]
    [InlineData("image", "https://x.example/photos/cat.JPG?size=2", "jpg")]
    [InlineData("document", "https://x.example/report.pdf", "pdf")]
    [InlineData("audio", "https://x.example/voice.m4a", "m4a")]
    [InlineData("image", "https://x.example/report.pdf", null)]
    [InlineData("image", "not a url", null)]
    public void InferExtension_ReadsTheUrlsPath_ForTheType(string type, string url, string? expected) =>
        Assert.Equal(expected, MessageRules.InferExtension(type, url));
}
