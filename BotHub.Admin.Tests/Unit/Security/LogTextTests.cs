using BotHub.Admin.Features.Security;

namespace BotHub.Admin.Tests.Unit.Security;

public sealed class LogTextTests
{
    [Theory]
    [InlineData("\nfake line", "\\u000Afake line")]
    [InlineData("a\r\nb", "a\\u000D\\u000Ab")]
    [InlineData("nul\0", "nul\\u0000")]
    [InlineData("sep\u2028par\u2029", "sep\\u2028par\\u2029")]
    [InlineData("name\u202Eevil\u2066x\u2069", "name\\u202Eevil\\u2066x\\u2069")]
    [InlineData("back\\u000Aslash", "back\\u005Cu000Aslash")]
    [InlineData("+8613800000001", "+8613800000001")]
    [InlineData("王芳 😀", "王芳 😀")]
    public void Safe_EscapesWhatCouldForgeOrReorderALine(string value, string expected) =>
        Assert.Equal(expected, LogText.Safe(value));

    [Fact]
    public void Safe_EscapesALoneSurrogate_AndKeepsAPair()
    {
        Assert.Equal("x\\uD83Dy", LogText.Safe("x\uD83Dy"));
        Assert.Equal("\\uDE00", LogText.Safe("\uDE00"));
        Assert.Equal("😀", LogText.Safe("😀"));
    }

    [Fact]
    public void Safe_CutsALongValue_AndSaysHowMuchWasLeftOut()
    {
        var safe = LogText.Safe(new string('x', 10_000), max: 100);
        Assert.Equal(new string('x', 100) + "…(+9900 chars)", safe);
        Assert.Equal("(none)", LogText.Safe(null));
    }
}

public sealed class TextCapTests
{
    [Fact]
    public void Cap_KeepsShortTextAsItIs() => Assert.Equal("Ana", TextCap.Cap("Ana", 200));

    [Fact]
    public void Cap_CutsToTheLength() => Assert.Equal(200, TextCap.Cap(new string('a', 60_000), 200)!.Length);

    [Fact]
    public void Cap_NeverSplitsASurrogatePair()
    {
        var text = new string('a', 199) + "😀" + "tail"; // the emoji would straddle the cut at 200
        var capped = TextCap.Cap(text, 200)!;
        Assert.Equal(new string('a', 199), capped);
        Assert.False(char.IsHighSurrogate(capped[^1]));
    }

    [Fact]
    public void Cap_KeepsAnEmojiWithItsModifier_OrLeavesItOut()
    {
        var text = new string('a', 197) + "👍🏽" + "b"; // four UTF-16 units in one text element
        Assert.Equal(new string('a', 197), TextCap.Cap(text, 200));
        Assert.Equal(new string('a', 197) + "👍🏽", TextCap.Cap(text, 201));
    }

    [Fact]
    public void Cap_OneHugeTextElement_IsStillCutToTheLength()
    {
        var text = "e" + new string('\u0301', 5000); // one base letter with 5,000 combining accents
        Assert.Equal(200, TextCap.Cap(text, 200)!.Length);
    }
}
