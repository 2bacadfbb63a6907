using BotHub.Admin.Features.Provider;

namespace BotHub.Admin.Tests.Unit.Provider;

public sealed class ErrorCatalogueTests
{
    // Every code of the page's table, with the sender's class the spec decides.
    public static TheoryData<int, ErrorClass> Codes => new()
    {
        { 10000, ErrorClass.Transient }, { 18000, ErrorClass.Transient }, { 19000, ErrorClass.Transient },
        { 80001, ErrorClass.Transient }, { 80002, ErrorClass.Transient },
        { 10011, ErrorClass.AlreadyProcessed },
        { 10001, ErrorClass.ChannelMisconfigured }, { 10002, ErrorClass.ChannelMisconfigured },
        { 10004, ErrorClass.ChannelMisconfigured }, { 10005, ErrorClass.ChannelMisconfigured }, { 10006, ErrorClass.ChannelMisconfigured },
        { 10003, ErrorClass.Rejected }, { 10100, ErrorClass.Rejected },
        { 41006, ErrorClass.Rejected }, { 41007, ErrorClass.Rejected }, { 41008, ErrorClass.Rejected }, { 41009, ErrorClass.Rejected },
        { 41010, ErrorClass.Rejected }, { 41011, ErrorClass.Rejected }, { 41012, ErrorClass.Rejected }, { 41013, ErrorClass.Rejected },
        { 41014, ErrorClass.Rejected }, { 41015, ErrorClass.Rejected }, { 41016, ErrorClass.Rejected }, { 41017, ErrorClass.Rejected },
        { 41018, ErrorClass.Rejected }, { 41019, ErrorClass.Rejected }, { 41021, ErrorClass.Rejected }, { 41022, ErrorClass.Rejected },
        { 41023, ErrorClass.Rejected }, { 41024, ErrorClass.Rejected }, { 41025, ErrorClass.Rejected }, { 41035, ErrorClass.Rejected },
        { 41036, ErrorClass.Rejected },
    };

    [Theory]
    [MemberData(nameof(Codes))]
    public void EveryCodeOfThePage_IsKnown_WithBothTexts_AndTheSpecsClass(int code, ErrorClass expected)
    {
        var info = ErrorCatalogue.Find(code);
        Assert.True(info.IsKnown);
        Assert.Equal(expected, info.Class);
        Assert.False(string.IsNullOrWhiteSpace(info.English));
        Assert.False(string.IsNullOrWhiteSpace(info.Chinese));
    }

    [Fact]
    public void Catalogue_HoldsExactlyThePagesCodes()
    {
        Assert.Equal(Codes.Count, ErrorCatalogue.All.Count);
    }

    [Theory]
    [InlineData(41019, "image caption missing", "未指定image内的caption")]
    [InlineData(10006, "bot does not exist or has been deleted", "Bot不存在或者已经被删除")]
    [InlineData(41036, "invalid source value", "source值不正确")]
    public void Texts_AreThePagesMeaning(int code, string english, string chinese)
    {
        Assert.Equal(english, ErrorCatalogue.Find(code).English);
        Assert.Equal(chinese, ErrorCatalogue.Find(code).Chinese);
    }

    [Fact]
    public void UnknownCode_DecodesAsUnknown_KeepsTheRawMessage_AndIsNotRetried()
    {
        var decoded = DecodedError.Of(55555, 7, "something new", "99");
        Assert.False(decoded.Info.IsKnown);
        Assert.Equal("unknown error code 55555", decoded.Info.English);
        Assert.Equal(ErrorClass.Rejected, decoded.Class);
        Assert.Equal("55555 unknown error code 55555 (未知错误代码 55555): something new [subcode 7] [request 99]", decoded.ToString());
    }
}
