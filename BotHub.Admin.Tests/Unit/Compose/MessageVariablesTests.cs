using BotHub.Admin.Features.Compose;

namespace BotHub.Admin.Tests.Unit.Compose;

public sealed class MessageVariablesTests
{
    private static readonly RecipientValues Alice = new("+8613800138000", "Alice",
        new Dictionary<string, string> { ["city"] = "Shanghai", ["empty"] = " " });

    private static readonly RecipientValues Nameless = new("+8613800138001", null, null);

    [Fact]
    public void Used_ListsDistinctVariablesInOrderOfFirstUse()
    {
        var used = MessageVariables.Used("Hi {{name}}, from {{attr:city}} ({{phone}}), bye {{name}}");

        Assert.Equal(["name", "attr:city", "phone"], used.Select(v => v.Key));
        Assert.Equal("city", used[1].AttributeKey);
        Assert.Null(used[0].AttributeKey);
    }

    [Fact]
    public void Used_WhitespaceInsideBraces_IsTheSameVariable()
    {
        var used = MessageVariables.Used("{{ name }} and {{name}} and {{  attr:city\t}}");

        Assert.Equal(["name", "attr:city"], used.Select(v => v.Key));
        Assert.Empty(MessageVariables.Unknown("{{ name }} and {{  attr:city\t}}"));
    }

    [Theory]
    [InlineData("Hi {{nmae}}", "{{nmae}}")]
    [InlineData("Hi {{attr:}}", "{{attr:}}")]
    [InlineData("Hi {{}}", "{{}}")]
    [InlineData("Hi {{Name}}", "{{Name}}")]
    [InlineData("Hi {{attr:bad key}}", "{{attr:bad key}}")]
    [InlineData("Hi {{name", "{{")]
    [InlineData("Hi {{name}} and {{ then", "{{")]
    [InlineData("Hi name}}", "}}")]
    public void Unknown_ReportsTokensThatAreNotVariables(string text, string expected)
    {
        Assert.Equal([expected], MessageVariables.Unknown(text));
    }

    [Fact]
    public void Unknown_RepeatedBadToken_IsReportedOnce_AndUnknownTokensAreNotUsedVariables()
    {
        const string text = "{{nmae}} {{nmae}} {{attr:}} {{phone}}";

        Assert.Equal(["{{nmae}}", "{{attr:}}"], MessageVariables.Unknown(text));
        Assert.Equal(["phone"], MessageVariables.Used(text).Select(v => v.Key));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Plain text with } and { braces")]
    [InlineData("{{name}} and {{attr:city}} and {{phone}}")]
    public void Unknown_ValidOrPlainText_IsEmpty(string? text)
    {
        Assert.Empty(MessageVariables.Unknown(text));
    }

    [Fact]
    public void Render_WithValues_FillsEveryVariable()
    {
        var result = MessageVariables.Render("Hi {{name}} in {{ attr:city }}, we reach you at {{phone}}.", Alice, null);

        Assert.False(result.Excluded);
        Assert.Null(result.MissingVariable);
        Assert.Equal("Hi Alice in Shanghai, we reach you at +8613800138000.", result.Text);
    }

    [Fact]
    public void Render_TextWithoutVariables_IsReturnedAsIs()
    {
        Assert.Equal("No variables here", MessageVariables.Render("No variables here", Nameless, null).Text);
        Assert.Null(MessageVariables.Render(null, Nameless, null).Text);
    }

    [Fact]
    public void Render_MissingValueWithFallbackText_UsesTheFallback()
    {
        var fallbacks = new Dictionary<string, VariableFallback> { ["name"] = new() { Text = "friend" } };

        var result = MessageVariables.Render("Hi {{name}}!", Nameless, fallbacks);

        Assert.False(result.Excluded);
        Assert.Equal("Hi friend!", result.Text);
    }

    [Fact]
    public void Render_MissingValueWithExclude_ExcludesAndNamesTheVariable()
    {
        var fallbacks = new Dictionary<string, VariableFallback> { ["name"] = new() { Exclude = true, Text = "ignored" } };

        var result = MessageVariables.Render("Hi {{name}}!", Nameless, fallbacks);

        Assert.True(result.Excluded);
        Assert.Null(result.Text);
        Assert.Equal("{{name}}", result.MissingVariable!.Token);
    }

    [Fact]
    public void Render_MissingValueWithoutFallback_Excludes()
    {
        var result = MessageVariables.Render("Hi {{name}}!", Nameless, new Dictionary<string, VariableFallback>());

        Assert.True(result.Excluded);
        Assert.Equal(new MessageVariable("name"), result.MissingVariable);
        Assert.True(MessageVariables.Render("Hi {{name}}!", Nameless, null).Excluded);
    }

    [Fact]
    public void Render_FirstMissingVariable_IsTheOneReported()
    {
        var result = MessageVariables.Render("{{phone}} {{attr:zip}} {{name}}", Nameless, null);

        Assert.Equal("{{attr:zip}}", result.MissingVariable!.Token);
    }

    [Fact]
    public void Render_Attributes_MissingOrBlankAttributeCountsAsMissing()
    {
        var fallbacks = new Dictionary<string, VariableFallback> { ["attr:empty"] = new() { Text = "n/a" } };

        Assert.Equal("Shanghai", MessageVariables.Render("{{attr:city}}", Alice, null).Text);
        Assert.Equal("n/a", MessageVariables.Render("{{attr:empty}}", Alice, fallbacks).Text);
        Assert.Equal("{{attr:zip}}", MessageVariables.Render("{{attr:zip}}", Alice, fallbacks).MissingVariable!.Token);
        Assert.True(MessageVariables.Render("{{attr:city}}", Nameless, null).Excluded);
    }

    [Fact]
    public void Render_UnknownTokens_AreLeftAsWritten()
    {
        var result = MessageVariables.Render("Hi {{nmae}} {{name}}", Alice, null);

        Assert.Equal("Hi {{nmae}} Alice", result.Text);
    }

    [Fact]
    public void Render_WhitespaceInsideBraces_IsFilled()
    {
        Assert.Equal("Hi Alice", MessageVariables.Render("Hi {{  name }}", Alice, null).Text);
    }

    [Fact]
    public void ValueOf_EmptyOrWhitespaceName_IsNone()
    {
        var blank = new RecipientValues("+8613800138002", "  ", null);

        Assert.Null(blank.ValueOf(new MessageVariable("name")));
        Assert.Equal("+8613800138002", blank.ValueOf(new MessageVariable("phone")));
    }

    [Theory]
    [InlineData(null, "{{name}}")]
    [InlineData("", "{{name}}")]
    [InlineData("Hello", "Hello {{name}}")]
    [InlineData("Hello ", "Hello {{name}}")]
    [InlineData("Hello\n", "Hello\n{{name}}")]
    public void Append_AddsTheTokenWithOneSpaceWhenNeeded(string? text, string expected)
    {
        Assert.Equal(expected, MessageVariables.Append(text, new MessageVariable("name")));
    }

    [Fact]
    public void Append_AttributeVariable_RendersBack()
    {
        var text = MessageVariables.Append("From", new MessageVariable("attr:city"));

        Assert.Equal("From {{attr:city}}", text);
        Assert.Equal("From Shanghai", MessageVariables.Render(text, Alice, null).Text);
    }
}
