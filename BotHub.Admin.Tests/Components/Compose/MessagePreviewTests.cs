using BotHub.Admin.Features.Compose;
using BotHub.Admin.Features.Recipients;
using Bunit;
using ErrorEventArgs = Microsoft.AspNetCore.Components.Web.ErrorEventArgs;

namespace BotHub.Admin.Tests.Components.Compose;

/// <summary>The preview bubble, given what the compose page gives it: the message and its text filled in for a sample.</summary>
public sealed class MessagePreviewTests : BunitTestBase
{
    private static readonly AudienceRow Ana = new(1, "+4915100000001", "Ana", OptInStatus.OptedIn,
        new Dictionary<string, string> { ["city"] = "Lisbon" }, null, Checked: true, NotifiedToday: false);

    private static readonly AudienceRow NoName = new(2, "+4915100000002", null, OptInStatus.OptedIn, [], null, Checked: false, NotifiedToday: false);

    /// <summary>Renders the preview the way the compose page does: the sample's values fill the template.</summary>
    private IRenderedComponent<MessagePreview> RenderPreview(ComposedMessage message, AudienceRow? sample = null, bool samplePicker = true)
    {
        var rendered = sample is null
            ? new RenderResult(message.Template, null)
            : MessageVariables.Render(message.Template, new RecipientValues(sample.Phone, sample.Name, sample.Attributes), null);
        IReadOnlyList<AudienceRow> samples = sample is null ? [] : [Ana, NoName];
        return Render<MessagePreview>(p => p
            .Add(x => x.Message, message)
            .Add(x => x.Rendered, rendered)
            .Add(x => x.Samples, samples)
            .Add(x => x.SampleId, sample?.Id)
            .Add(x => x.SamplePicker, samplePicker)
            .Add(x => x.Time, "14:05"));
    }

    private static string? Text(IRenderedComponent<MessagePreview> cut) =>
        cut.FindAll("[data-testid=preview-text]").SingleOrDefault()?.TextContent;

    [Fact]
    public void Preview_TextForASample_ShowsTheTextFilledWithTheirValues()
    {
        var message = new ComposedMessage { Body = "Hello {{name}}, see you in {{attr:city}}" };

        var cut = RenderPreview(message, Ana);

        Assert.Equal("Hello Ana, see you in Lisbon", Text(cut));
        Assert.Equal("Ana (+4915100000001)", cut.Find("[role=combobox][aria-label='Preview for']").TextContent.Trim());
        Assert.Contains("14:05", cut.Find(".wa-meta").TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("img"));
        Assert.Empty(cut.FindAll(".wa-file"));
    }

    [Fact]
    public void Preview_SampleWithoutTheVariable_ShowsTheExcludedNote()
    {
        var message = new ComposedMessage { Body = "Hello {{name}}" };

        var cut = RenderPreview(message, NoName);

        Assert.Null(Text(cut));
        Assert.Equal("This recipient has no value for {{name}} and would be left out.", cut.Find(".wa-excluded").TextContent.Trim());
        Assert.Equal("+4915100000002", cut.Find("[role=combobox][aria-label='Preview for']").TextContent.Trim());
    }

    [Fact]
    public void Preview_NoSample_ShowsTheTextAsWritten_AndAsksToPickRecipients()
    {
        var cut = RenderPreview(new ComposedMessage { Body = "Hello {{name}}" });

        Assert.Equal("Hello {{name}}", Text(cut));
        Assert.Contains("Pick recipients to preview the message with their own values.", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void Preview_WithoutSamplePicker_ShowsNoPickNote()
    {
        var cut = RenderPreview(new ComposedMessage { Body = "Hi" }, samplePicker: false);

        Assert.Equal("Hi", Text(cut));
        Assert.DoesNotContain("Pick recipients", cut.Markup, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[role=combobox]"));
    }

    [Fact]
    public void Preview_ImageHttps_ShowsTheImageAndTheCaption()
    {
        var message = new ComposedMessage { Type = "image", Url = "https://cdn.example.com/spring.jpg", Extension = "jpg", Caption = "Hi {{name}}" };

        var cut = RenderPreview(message, Ana);

        var img = cut.Find(".wa-bubble img");
        Assert.Equal("https://cdn.example.com/spring.jpg", img.GetAttribute("src"));
        Assert.Equal("Image of the message", img.GetAttribute("alt"));
        Assert.Empty(cut.FindAll(".wa-placeholder"));
        Assert.Equal("Hi Ana", Text(cut));
    }

    [Fact]
    public void Preview_ImageHttp_ShowsAPlaceholderInsteadOfLoadingIt()
    {
        var message = new ComposedMessage { Type = "image", Url = "http://cdn.example.com/spring.jpg", Extension = "jpg", Caption = "Hi" };

        var cut = RenderPreview(message);

        Assert.Empty(cut.FindAll("img"));
        Assert.Equal("Image of the message", cut.Find(".wa-placeholder[role=img]").GetAttribute("aria-label"));
        Assert.DoesNotContain("could not load", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void Preview_ImageThatFailsToLoad_ShowsThePlaceholderWithANote()
    {
        var message = new ComposedMessage { Type = "image", Url = "https://cdn.example.com/gone.jpg", Extension = "jpg", Caption = "Hi" };
        var cut = RenderPreview(message);

        cut.Find("img").TriggerEvent("onerror", new ErrorEventArgs());

        Assert.Empty(cut.FindAll("img"));
        Assert.Contains("This browser could not load the image; check that the provider can download it.",
            cut.Find(".wa-placeholder").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Preview_Document_ShowsTheFileNameFromTheUrlAndPdf()
    {
        var message = new ComposedMessage
        {
            Type = "document", Url = "https://cdn.example.com/files/Price%20list.pdf?v=2", Extension = "pdf", Caption = "Our prices",
        };

        var cut = RenderPreview(message);

        var file = cut.Find(".wa-file[aria-label=Document]");
        Assert.Equal("Price list.pdf", file.QuerySelector(".wa-file-name")!.TextContent);
        Assert.Equal("PDF", file.QuerySelector(".wa-file-ext")!.TextContent);
        Assert.Equal("Our prices", Text(cut));
        Assert.Empty(cut.FindAll("img"));
    }

    [Fact]
    public void Preview_DocumentWithoutUrl_CallsItFile()
    {
        var cut = RenderPreview(new ComposedMessage { Type = "document", Extension = "docx", Caption = "x" });

        Assert.Equal("file", cut.Find(".wa-file-name").TextContent);
        Assert.Equal("DOCX", cut.Find(".wa-file-ext").TextContent);
    }

    [Fact]
    public void Preview_Audio_ShowsTheAudioChip()
    {
        var message = new ComposedMessage { Type = "audio", Url = "https://cdn.example.com/jingle.mp3", Extension = "mp3", Caption = "Listen" };

        var cut = RenderPreview(message);

        var chip = cut.Find(".wa-file[aria-label='Audio file']");
        Assert.Equal("jingle.mp3", chip.QuerySelector(".wa-file-name")!.TextContent);
        Assert.Equal("MP3", chip.QuerySelector(".wa-file-ext")!.TextContent);
        Assert.Empty(cut.FindAll(".wa-file[aria-label=Document]"));
        Assert.Equal("Listen", Text(cut));
    }

    [Fact]
    public void Preview_Chinese_ShowsTheExcludedNoteInChinese()
    {
        UseCulture("zh-CN");

        var cut = RenderPreview(new ComposedMessage { Body = "你好 {{name}}" }, NoName);

        Assert.Equal("此收件人没有 {{name}} 的值，将被排除。", cut.Find(".wa-excluded").TextContent.Trim());
        Assert.Equal("预览", cut.Find(".wa-chat").GetAttribute("aria-label"));
    }
}
