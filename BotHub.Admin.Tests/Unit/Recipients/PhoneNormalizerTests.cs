using BotHub.Admin.Features.Recipients;

namespace BotHub.Admin.Tests.Unit.Recipients;

public sealed class PhoneNormalizerTests
{
    private readonly PhoneNormalizer _cn = new("CN");

    [Theory]
    [InlineData("+86 138 0013 8000", "+8613800138000")]
    [InlineData("+86-138-0013-8000", "+8613800138000")]
    [InlineData("0086 13800138000", "+8613800138000")]
    [InlineData("(+86) 138 0013 8000", "+8613800138000")]
    [InlineData("13800138000", "+8613800138000")]
    [InlineData("+49 151 12345678", "+4915112345678")]
    [InlineData("0049 151 12345678", "+4915112345678")]
    [InlineData("+1 (415) 555-2671", "+14155552671")]
    [InlineData("  +8613800138000  ", "+8613800138000")]
    public void CommonForms_AreNormalisedToE164(string input, string expected)
    {
        var result = _cn.Normalize(input);
        Assert.True(result.Ok, result.Error);
        Assert.Equal(expected, result.E164);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData("hello", "not a phone number")]
    [InlineData("+86 138", "too short")]
    [InlineData("+86 138 0013 8000 1234 5", "too long")]
    [InlineData("+999 1234 5678", "unknown country code")]
    [InlineData("12", "too short")]
    public void Garbage_IsRefusedWithTheReason(string input, string reason)
    {
        var result = _cn.Normalize(input);
        Assert.False(result.Ok);
        Assert.Equal(reason, result.Error);
    }

    [Fact]
    public void WithoutDefaultRegion_ANumberWithoutCountryCode_IsRefused_ButInternationalFormsWork()
    {
        var none = new PhoneNormalizer(null);
        Assert.Equal("no country code, and no default region is configured", none.Normalize("13800138000").Error);
        Assert.Equal("+8613800138000", none.Normalize("+86 13800138000").E164);
    }

    [Fact]
    public void DefaultRegion_DecidesNationalNumbers()
    {
        Assert.Equal("+4915112345678", new PhoneNormalizer("de").Normalize("0151 12345678").E164);
    }
}
