using AngleSharp.Dom;
using BotHub.Admin.Features.Channels;
using BotHub.Admin.Features.Compose;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using MudBlazor;

namespace BotHub.Admin.Tests.Components.Compose;

/// <summary>
/// The message editor as the compose page uses it: the issues are worked out again after every change, and the fields
/// are read and typed into the way a person does (by their labels), not through the components' parameters.
/// </summary>
public sealed class MessageEditorTests : BunitTestBase
{
    private static readonly DateTimeOffset Now = new(2025, 3, 10, 6, 0, 0, TimeSpan.Zero);

    private readonly ComposeModel _model = new() { ChannelId = 1 };

    private IRenderedComponent<IComponent> RenderEditor(bool showAll = false)
    {
        IReadOnlyList<SendingChannel> channels = [new(1, "Main", "+8613800000000", TimeZoneInfo.Utc, 1, 10, 10, true)];
        IReadOnlyList<string> attributeKeys = ["city"];
        return Render(b =>
        {
            b.OpenComponent<MudPopoverProvider>(0);
            b.CloseComponent();
            b.OpenComponent<EditorHost>(1);
            b.AddComponentParameter(2, nameof(EditorHost.Model), _model);
            b.AddComponentParameter(3, nameof(EditorHost.Channels), channels);
            b.AddComponentParameter(4, nameof(EditorHost.AttributeKeys), attributeKeys);
            b.AddComponentParameter(5, nameof(EditorHost.ShowAll), showAll);
            b.CloseComponent();
        });
    }

    private static List<string> Labels(IRenderedComponent<IComponent> cut) =>
        cut.FindAll("label.mud-input-label").Select(l => l.TextContent.Trim()).ToList();

    /// <summary>The input (or textarea) a visible label is for.</summary>
    private static IElement Field(IRenderedComponent<IComponent> cut, string label)
    {
        var id = cut.FindAll("label.mud-input-label").Single(l => l.TextContent.Trim() == label).GetAttribute("for");
        return cut.Find($"#{id}");
    }

    /// <summary>The line under a field: its helper text, or its error when it has one (without the counter).</summary>
    private static string Below(IRenderedComponent<IComponent> cut, string label) =>
        cut.FindAll("label.mud-input-label").Single(l => l.TextContent.Trim() == label).Closest(".mud-input-control")!
            .QuerySelector(".mud-input-helper-text .me-auto")?.TextContent.Trim() ?? "";

    private static bool Invalid(IRenderedComponent<IComponent> cut, string label) => Field(cut, label).GetAttribute("aria-invalid") == "true";

    private static void ChooseType(IRenderedComponent<IComponent> cut, string type)
    {
        cut.FindAll("label.mud-radio").Single(l => l.TextContent.Trim() == type).QuerySelector("input.mud-radio-input")!.Click();
        cut.WaitForAssertion(() => Assert.NotNull(cut.FindAll("label.mud-radio").Single(l => l.TextContent.Trim() == type).QuerySelector("input[checked]")));
    }

    // The text fields debounce their input (200 ms): wait until the model has it, then for the renders that change started.
    private async Task TypeIntoAsync(IRenderedComponent<IComponent> cut, string label, string text, Func<ComposedMessage, string?> field)
    {
        Field(cut, label).Input(text);
        cut.WaitForAssertion(() =>
        {
            Assert.Equal(text, field(_model.Message));
            Assert.Equal(text, Field(cut, label).GetAttribute("value") ?? "");
        });
        await cut.InvokeAsync(() => { });
    }

    [Fact]
    public void Editor_Text_ShowsOnlyTheMessageText()
    {
        var cut = RenderEditor();

        Assert.Equal(["Channel", "Source", "Message text"], Labels(cut));
        Assert.Equal("textarea", Field(cut, "Message text").LocalName);
        Assert.Single(cut.FindAll("textarea"));
        Assert.Contains("0 / 4096", cut.Markup, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Image", "image")]
    [InlineData("Document", "document")]
    [InlineData("Audio", "audio")]
    public void Editor_MediaType_ShowsUrlExtensionAndCaptionOnly(string label, string type)
    {
        var cut = RenderEditor();

        ChooseType(cut, label);

        Assert.Equal(type, _model.Message.Type);
        Assert.Equal(["Channel", "Source", "File URL", "Extension", "Caption"], Labels(cut));
        Assert.DoesNotContain("Message text", cut.Markup, StringComparison.Ordinal);
        Assert.Equal("textarea", Field(cut, "Caption").LocalName);
        Assert.Equal("url", Field(cut, "File URL").GetAttribute("type"));
        Assert.Contains("0 / 1024", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void Editor_MediaBackToText_ShowsTheMessageTextAgain()
    {
        var cut = RenderEditor();
        ChooseType(cut, "Audio");

        ChooseType(cut, "Text");

        Assert.Equal(["Channel", "Source", "Message text"], Labels(cut));
    }

    [Fact]
    public async Task Editor_SwitchTextToImage_CarriesTheWordsToTheCaption()
    {
        var cut = RenderEditor();
        await TypeIntoAsync(cut, "Message text", "Spring sale for {{name}}", m => m.Body);

        ChooseType(cut, "Image");

        Assert.Equal("Spring sale for {{name}}", _model.Message.Caption);
        Assert.Equal("Spring sale for {{name}}", Field(cut, "Caption").GetAttribute("value"));
    }

    [Fact]
    public async Task Editor_DocumentPdfUrl_InfersTheExtension()
    {
        var cut = RenderEditor();
        ChooseType(cut, "Document");
        Assert.Equal("", Field(cut, "Extension").GetAttribute("value") ?? "");

        await TypeIntoAsync(cut, "File URL", "https://example.com/files/price-list.pdf", m => m.Url);

        cut.WaitForAssertion(() => Assert.Equal("pdf", Field(cut, "Extension").GetAttribute("value")));
        Assert.Equal("pdf", _model.Message.Extension);
        Assert.Equal("From the URL", Below(cut, "Extension"));
        Assert.False(Invalid(cut, "File URL"));
    }

    [Fact]
    public async Task Editor_UrlChangedToOneWithoutKnownExtension_ClearsTheInferredExtension()
    {
        var cut = RenderEditor();
        ChooseType(cut, "Document");
        await TypeIntoAsync(cut, "File URL", "https://example.com/files/price-list.pdf", m => m.Url);
        cut.WaitForAssertion(() => Assert.Equal("pdf", _model.Message.Extension));

        await TypeIntoAsync(cut, "File URL", "https://example.com/files/download?id=7", m => m.Url);

        cut.WaitForAssertion(() => Assert.Null(_model.Message.Extension));
        Assert.NotEqual("From the URL", Below(cut, "Extension"));
    }

    [Fact]
    public async Task Editor_HttpUrl_Shows10100AtOnce_ButNotTheUntouchedCaption()
    {
        var cut = RenderEditor();
        ChooseType(cut, "Image");

        await TypeIntoAsync(cut, "File URL", "http://example.com/banner.jpg", m => m.Url);

        cut.WaitForAssertion(() => Assert.Equal("The link must be a full https address, starting with https:// (10100)", Below(cut, "File URL")));
        Assert.True(Invalid(cut, "File URL"));
        Assert.Equal("jpg", Field(cut, "Extension").GetAttribute("value"));
        Assert.False(Invalid(cut, "Caption"));
        Assert.DoesNotContain("41019", cut.Markup, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Image", "The image has no caption: write one (41019)")]
    [InlineData("Document", "The document has no caption: write one (41016)")]
    [InlineData("Audio", "The audio has no caption: write one (41023)")]
    public async Task Editor_TouchedEmptyCaption_SaysWhatToDo_ThenTheProvidersCode(string type, string expected)
    {
        var cut = RenderEditor();
        ChooseType(cut, type);
        Assert.DoesNotContain(expected, cut.Markup, StringComparison.Ordinal);

        await TypeIntoAsync(cut, "Caption", "x", m => m.Caption);
        await TypeIntoAsync(cut, "Caption", "", m => m.Caption);

        cut.WaitForAssertion(() => Assert.Equal(expected, Below(cut, "Caption")));
        Assert.True(Invalid(cut, "Caption"));
    }

    [Fact]
    public void Editor_ShowAll_ShowsMissingFieldsWithoutTouching()
    {
        _model.Message.Type = "image";

        var cut = RenderEditor(showAll: true);

        Assert.Equal("The image has no link: give the picture's https address (41021)", Below(cut, "File URL"));
        Assert.Equal("The image's file type is missing: pick JPG or PNG (41022)", Below(cut, "Extension"));
        Assert.Equal("The image has no caption: write one (41019)", Below(cut, "Caption"));
    }

    [Fact]
    public async Task Editor_TextOver4096Characters_Shows10100()
    {
        var cut = RenderEditor();
        await TypeIntoAsync(cut, "Message text", new string('a', 4096), m => m.Body);
        Assert.False(Invalid(cut, "Message text"));

        await TypeIntoAsync(cut, "Message text", new string('a', 4097), m => m.Body);

        cut.WaitForAssertion(() => Assert.Equal("The text is longer than 4096 characters: shorten it (10100)", Below(cut, "Message text")));
        Assert.True(Invalid(cut, "Message text"));
    }

    [Fact]
    public async Task Editor_UnknownVariable_ShowsTheUnknownVariableMessage()
    {
        var cut = RenderEditor();

        await TypeIntoAsync(cut, "Message text", "Hello {{nmae}}", m => m.Body);

        cut.WaitForAssertion(() => Assert.Equal("Unknown variable {{nmae}}: use {{name}}, {{phone}}, {{attr:KEY}}.", Below(cut, "Message text")));
        Assert.True(Invalid(cut, "Message text"));
    }

    [Fact]
    public async Task Editor_InsertVariableMenu_AppendsTheToken()
    {
        var cut = RenderEditor();
        await TypeIntoAsync(cut, "Message text", "Hello", m => m.Body);

        cut.FindAll("button").Single(b => b.TextContent.Trim() == "Insert variable").Click();
        cut.WaitForAssertion(() =>
            Assert.Equal(["{{name}}", "{{phone}}", "{{attr:city}}"], cut.FindAll(".mud-menu-item").Select(i => i.TextContent.Trim())));
        cut.FindAll(".mud-menu-item").Single(i => i.TextContent.Trim() == "{{name}}").Click();

        Assert.Equal("Hello {{name}}", _model.Message.Body);
        cut.WaitForAssertion(() => Assert.Equal("Hello {{name}}", Field(cut, "Message text").GetAttribute("value")));
        Assert.False(Invalid(cut, "Message text"));
    }

    [Fact]
    public async Task Editor_Chinese_SaysWhatToDoInChinese_ThenTheCode()
    {
        UseCulture("zh-CN");
        var cut = RenderEditor();
        ChooseType(cut, "图片");

        await TypeIntoAsync(cut, "说明文字", "x", m => m.Caption);
        await TypeIntoAsync(cut, "说明文字", "", m => m.Caption);

        cut.WaitForAssertion(() => Assert.Equal("图片没有说明文字：请填写（41019）", Below(cut, "说明文字")));
    }

    [Theory]
    [InlineData("en", "Image", "File URL", "Extension", "GIF isn't supported for images: use JPG or PNG (41022)")]
    [InlineData("zh-CN", "图片", "文件 URL", "扩展名", "图片不支持 GIF 格式：请使用 JPG 或 PNG（41022）")]
    public async Task Editor_GifImageUrl_MarksTheUrl_SayingTheTypeIsNotSupported(string culture, string image, string url, string extension, string expected)
    {
        UseCulture(culture);
        var cut = RenderEditor();
        ChooseType(cut, image);

        await TypeIntoAsync(cut, url, "https://cdn.example.com/spring.gif", m => m.Url);

        cut.WaitForAssertion(() => Assert.Equal(expected, Below(cut, url)));
        Assert.True(Invalid(cut, url));
        Assert.False(Invalid(cut, extension)); // the extension was not wrong: the file is
        Assert.DoesNotContain("missing", cut.Markup, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Editor_ImageUrlWithoutExtension_MarksTheExtension_OnceAUrlWasGiven()
    {
        var cut = RenderEditor();
        ChooseType(cut, "Image");
        Assert.False(Invalid(cut, "Extension"));

        await TypeIntoAsync(cut, "File URL", "https://cdn.example.com/picture?id=7", m => m.Url);

        cut.WaitForAssertion(() => Assert.Equal("The image's file type is missing: pick JPG or PNG (41022)", Below(cut, "Extension")));
        Assert.True(Invalid(cut, "Extension"));
        Assert.False(Invalid(cut, "File URL"));
    }

    [Theory]
    [InlineData("en", "Message text", "The message is empty: write its text (41015)")]
    [InlineData("zh-CN", "消息文本", "消息是空的：请填写正文（41015）")]
    public async Task Editor_EmptyTextLeft_MarksTheTextField_SayingWhatToDo(string culture, string label, string expected)
    {
        UseCulture(culture);
        var cut = RenderEditor();
        Assert.False(Invalid(cut, label)); // not before the user has been there

        await cut.InvokeAsync(() => Field(cut, label).Blur());

        cut.WaitForAssertion(() => Assert.Equal(expected, Below(cut, label)));
        Assert.True(Invalid(cut, label));
    }

    /// <summary>What the compose page does: the issues are worked out again after every change.</summary>
    private sealed class EditorHost : ComponentBase
    {
        private IReadOnlyList<ComposeIssue> _issues = [];

        [Parameter] public ComposeModel Model { get; set; } = null!;
        [Parameter] public IReadOnlyList<SendingChannel> Channels { get; set; } = [];
        [Parameter] public IReadOnlyList<string> AttributeKeys { get; set; } = [];
        [Parameter] public bool ShowAll { get; set; }

        protected override void OnParametersSet() => Revalidate();

        private void Revalidate() => _issues = ComposeRules.Validate(Model.Message, Now);

        protected override void BuildRenderTree(RenderTreeBuilder builder)
        {
            builder.OpenComponent<MessageEditor>(0);
            builder.AddComponentParameter(1, nameof(MessageEditor.Model), Model);
            builder.AddComponentParameter(2, nameof(MessageEditor.Channels), Channels);
            builder.AddComponentParameter(3, nameof(MessageEditor.Issues), _issues);
            builder.AddComponentParameter(4, nameof(MessageEditor.AttributeKeys), AttributeKeys);
            builder.AddComponentParameter(5, nameof(MessageEditor.ShowAll), ShowAll);
            builder.AddComponentParameter(6, nameof(MessageEditor.Changed), EventCallback.Factory.Create(this, Revalidate));
            builder.CloseComponent();
        }
    }
}
