using BotHub.Admin.Features.Compose;
using BotHub.Admin.Features.Recipients;
using BotHub.Admin.Features.Provider;

namespace BotHub.Admin.Tests.Unit.Compose;

public sealed class PastedPhonesTests
{
    private readonly PhoneNormalizer _cn = new("CN");

    [Fact]
    public void Parse_EverySeparator_SplitsEntries_AndNumbersAreNormalised()
    {
        var list = PastedPhones.Parse("+8613800138000\n13800138001\r\n+86 138 0013 8002,+8613800138003;+8613800138004\t+4915112345678",
            _cn);

        Assert.Equal(["+8613800138000", "+8613800138001", "+8613800138002", "+8613800138003", "+8613800138004", "+4915112345678"],
            list.Valid);
        Assert.Empty(list.Invalid);
        Assert.Equal(0, list.Repeats);
    }

    [Fact]
    public void Parse_BlankEntriesAndSurroundingSpaces_AreIgnored()
    {
        var list = PastedPhones.Parse("\n\n  +8613800138000  ,, ;\t\r\n ", _cn);

        Assert.Equal(["+8613800138000"], list.Valid);
        Assert.Empty(list.Invalid);
    }

    [Fact]
    public void Parse_SameNumberInAnotherForm_IsARepeat_AndTheFirstOrderIsKept()
    {
        var list = PastedPhones.Parse("+8613800138001\n13800138000\n+86 138-0013-8000\n0086 13800138000\n+8613800138001", _cn);

        Assert.Equal(["+8613800138001", "+8613800138000"], list.Valid);
        Assert.Equal(3, list.Repeats);
    }

    [Fact]
    public void Parse_InvalidEntries_AreKeptAsPasted_ClippedTo40Characters()
    {
        var longGarbage = new string('x', 60);

        var list = PastedPhones.Parse($"hello\n+86 138\n+8613800138000\n{longGarbage}\n12", _cn);

        Assert.Equal(["+8613800138000"], list.Valid);
        Assert.Equal(["hello", "+86 138", new string('x', 40), "12"], list.Invalid);
        Assert.Equal(0, list.Repeats);
    }

    [Fact]
    public void Parse_RepeatedInvalidEntry_IsListedEachTime_NotCountedAsRepeat()
    {
        var list = PastedPhones.Parse("abc,abc", _cn);

        Assert.Equal(["abc", "abc"], list.Invalid);
        Assert.Equal(0, list.Repeats);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" \n ,; ")]
    public void Parse_Nothing_GivesEmptyLists(string? text)
    {
        var list = PastedPhones.Parse(text, _cn);

        Assert.Empty(list.Valid);
        Assert.Empty(list.Invalid);
        Assert.Equal(0, list.Repeats);
    }

    [Fact]
    public void Parse_WithoutDefaultRegion_NationalNumbersAreInvalid()
    {
        var list = PastedPhones.Parse("13800138000\n+8613800138000", new PhoneNormalizer(null));

        Assert.Equal(["+8613800138000"], list.Valid);
        Assert.Equal(["13800138000"], list.Invalid);
    }

    [Fact]
    public void Parse_MoreThanTheMaximum_ReadsOnlyTheFirstEntries()
    {
        var text = string.Join('\n', Enumerable.Range(0, PastedPhones.MaxEntries + 5).Select(i => "x"));

        var list = PastedPhones.Parse(text, _cn);

        Assert.Equal(PastedPhones.MaxEntries, list.Invalid.Count);
    }

    [Fact]
    public void Parse_MoreThanTheLimit_CountsTheEntriesNotRead()
    {
        var text = string.Join('\n', Enumerable.Range(0, PastedPhones.MaxEntries + 3).Select(i => $"+86139{i:D8}"));

        var list = PastedPhones.Parse(text, new PhoneNormalizer(null));

        Assert.Equal(PastedPhones.MaxEntries, list.Valid.Count);
        Assert.Equal(3, list.Ignored);
    }
}
