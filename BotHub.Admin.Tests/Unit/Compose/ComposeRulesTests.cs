using BotHub.Admin.Features.Compose;
using BotHub.Admin.Features.Provider;

namespace BotHub.Admin.Tests.Unit.Compose;

public sealed class ComposeRulesTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 10, 6, 0, 0, TimeSpan.Zero);

    private static ComposedMessage Text(string? body) => new() { Type = "text", Body = body };

    private static ComposedMessage Media(string type, string? url, string? caption, string? extension) =>
        new() { Type = type, Url = url, Caption = caption, Extension = extension };

    private static (string Field, int? Code)[] Issues(ComposedMessage m) =>
        ComposeRules.Validate(m, Now).Select(i => (i.Field, i.Provider?.Code)).ToArray();

    [Theory]
    [InlineData("text")]
    [InlineData("image")]
    [InlineData("document")]
    [InlineData("audio")]
    public void Validate_ValidMessageOfEachType_HasNoIssues(string type)
    {
        var message = type switch
        {
            "image" => Media("image", "https://cdn.example.com/a.png", "Look {{attr:city}}", "png"),
            "document" => Media("document", "https://cdn.example.com/menu.pdf", "The menu", "PDF"),
            "audio" => Media("audio", " https://cdn.example.com/hi.mp3 ", "Listen", "mp3"),
            _ => Text("Hello {{name}}"),
        };

        Assert.Empty(ComposeRules.Validate(message, Now));
    }

    [Theory]
    [InlineData("image", "https://x.example/a.jpg", null, "jpg", "caption", 41019)]
    [InlineData("image", null, "c", "jpg", "url", 41021)]
    [InlineData("image", "https://x.example/a.jpg", "c", null, "extension", 41022)]
    [InlineData("document", null, "c", "pdf", "url", 41017)]
    [InlineData("document", "https://x.example/a.pdf", "  ", "pdf", "caption", 41016)]
    [InlineData("document", "https://x.example/a.pdf", "c", "", "extension", 41018)]
    [InlineData("audio", "https://x.example/a.mp3", "c", null, "extension", 41025)]
    [InlineData("audio", "", "c", "mp3", "url", 41024)]
    [InlineData("audio", "https://x.example/a.mp3", null, "mp3", "caption", 41023)]
    public void Validate_MissingMediaField_GivesTheProviderCodeOnThatField(string type, string? url, string? caption, string? ext,
        string field, int code)
    {
        Assert.Equal([(field, (int?)code)], Issues(Media(type, url, caption, ext)));
    }

    [Theory]
    [InlineData("image", "https://x.example/cat.GIF", "gif", 41022)]
    [InlineData("document", "https://x.example/menu.odt", "odt", 41018)]
    [InlineData("audio", "https://x.example/song.wav?v=2", "wav", 41025)]
    public void Validate_UrlEndingInAnUnsupportedExtension_PutsTheIssueOnTheUrl_NamingTheExtension(string type, string url, string ext, int code)
    {
        var issue = Assert.Single(ComposeRules.Validate(Media(type, url, "c", null), Now));

        Assert.Equal(("url", code, ext), (issue.Field, issue.Provider!.Code, issue.Unsupported));
    }

    [Fact]
    public void Validate_UnsupportedUrl_ButAnExtensionChosen_HasNoIssue()
    {
        // The person chose the extension: the provider takes it as said.
        Assert.Empty(ComposeRules.Validate(Media("image", "https://x.example/cat.gif", "c", "png"), Now));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Validate_EmptyText_Gives41015OnBody(string? body)
    {
        Assert.Equal([("body", (int?)41015)], Issues(Text(body)));
    }

    [Fact]
    public void Validate_TextOverTheLimit_Gives10100OnBody_AndAtTheLimitIsFine()
    {
        var issues = ComposeRules.Validate(Text(new string('a', MessageRules.MaxBodyLength + 1)), Now);

        var issue = Assert.Single(issues);
        Assert.Equal("body", issue.Field);
        Assert.Equal(10100, issue.Provider!.Code);
        Assert.Contains("4096", issue.Provider.Detail, StringComparison.Ordinal);
        Assert.Empty(ComposeRules.Validate(Text(new string('a', MessageRules.MaxBodyLength)), Now));
    }

    [Fact]
    public void Validate_CaptionOverTheLimit_Gives10100OnCaption()
    {
        var message = Media("image", "https://x.example/a.jpg", new string('c', MessageRules.MaxCaptionLength + 1), "jpg");

        Assert.Equal([("caption", (int?)10100)], Issues(message));
    }

    [Theory]
    [InlineData("http://x.example/a.jpg")]
    [InlineData("ftp://x.example/a.jpg")]
    [InlineData("/relative/a.jpg")]
    [InlineData("not a url")]
    public void Validate_NonHttpsUrl_Gives10100OnUrl(string url)
    {
        Assert.Equal([("url", (int?)10100)], Issues(Media("image", url, "c", "jpg")));
    }

    [Theory]
    [InlineData("image", "gif")]
    [InlineData("image", ".jpg")]
    [InlineData("document", "exe")]
    [InlineData("audio", "wav")]
    public void Validate_ExtensionNotAllowedForTheType_Gives10100OnExtension(string type, string ext)
    {
        var issues = ComposeRules.Validate(Media(type, "https://x.example/file", "c", ext), Now);

        var issue = Assert.Single(issues);
        Assert.Equal("extension", issue.Field);
        Assert.Equal(10100, issue.Provider!.Code);
    }

    [Theory]
    [InlineData("whatsapp", 41036)]
    [InlineData("", 41035)]
    public void Validate_BadSource_GivesTheCodeOnSource(string source, int code)
    {
        var message = Text("hi");
        message.Source = source;

        Assert.Equal([("source", (int?)code)], Issues(message));
    }

    [Fact]
    public void Validate_UnknownType_Gives41014OnType()
    {
        Assert.Equal([("type", (int?)41014)], Issues(new ComposedMessage { Type = "video", Caption = "x" }));
    }

    [Fact]
    public void Validate_UnknownVariableInText_IsAnIssueOnBody()
    {
        var issue = Assert.Single(ComposeRules.Validate(Text("Hi {{nmae}}"), Now));

        Assert.Equal("body", issue.Field);
        Assert.Null(issue.Provider);
        Assert.Equal("{{nmae}}", issue.UnknownToken);
    }

    [Fact]
    public void Validate_UnknownVariableInCaption_IsAnIssueOnCaption_AndTheBodyIsIgnoredForMedia()
    {
        var message = Media("document", "https://x.example/a.pdf", "Menu for {{attr:}}", "pdf");
        message.Body = "{{nmae}}";

        var issue = Assert.Single(ComposeRules.Validate(message, Now));

        Assert.Equal("caption", issue.Field);
        Assert.Equal("{{attr:}}", issue.UnknownToken);
    }

    [Fact]
    public void Validate_UnclosedBraces_IsAnIssue()
    {
        var issue = Assert.Single(ComposeRules.Validate(Text("Hi {{name"), Now));

        Assert.Equal("{{", issue.UnknownToken);
    }

    [Fact]
    public void RenderedTextIssue_EmptyRenderedBody_Gives41015()
    {
        var message = Text("{{name}}");

        var issue = ComposeRules.RenderedTextIssue(message, "");

        Assert.NotNull(issue);
        Assert.Equal((41015, "text.body"), (issue.Code, issue.Field));
        Assert.Null(ComposeRules.RenderedTextIssue(message, "Alice"));
    }

    [Fact]
    public void RenderedTextIssue_RenderedCaptionOverTheLimit_Gives10100()
    {
        var message = Media("image", "https://x.example/a.jpg", "{{attr:bio}}", "jpg");

        var issue = ComposeRules.RenderedTextIssue(message, new string('x', MessageRules.MaxCaptionLength + 1));

        Assert.NotNull(issue);
        Assert.Equal((10100, "image.caption"), (issue.Code, issue.Field));
    }

    [Fact]
    public void ToRequest_RecipientNotInE164_Gives10100OnTo()
    {
        var issue = Assert.Single(MessageRules.Validate(Text("hi").ToRequest("id-1", "13800138000", Now, "hi")));

        Assert.Equal((10100, "to"), (issue.Code, issue.Field));
    }

    [Theory]
    [InlineData("text", "", 41015)]
    [InlineData("image", " ", 41019)]
    [InlineData("document", null, 41016)]
    [InlineData("audio", "", 41023)]
    public void RenderedTextIssue_EmptyAfterFilling_IsTheTypesMissingCode(string type, string? text, int code)
    {
        Assert.Equal(code, ComposeRules.RenderedTextIssue(new ComposedMessage { Type = type }, text)?.Code);
    }

    [Fact]
    public void RenderedTextIssue_TooLongAfterFilling_Is10100_AndFittingTextIsFine()
    {
        var caption = new ComposedMessage { Type = "image" };
        var text = new ComposedMessage { Type = "text" };

        Assert.Equal(10100, ComposeRules.RenderedTextIssue(caption, new string('x', MessageRules.MaxCaptionLength + 1))?.Code);
        Assert.Null(ComposeRules.RenderedTextIssue(caption, new string('x', MessageRules.MaxCaptionLength)));
        Assert.Null(ComposeRules.RenderedTextIssue(text, new string('x', MessageRules.MaxCaptionLength + 1)));
        Assert.Equal(10100, ComposeRules.RenderedTextIssue(text, new string('x', MessageRules.MaxBodyLength + 1))?.Code);
    }
}
