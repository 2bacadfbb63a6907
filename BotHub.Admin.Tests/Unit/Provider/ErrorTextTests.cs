using BotHub.Admin.Features.Provider;
using BotHub.Admin.Features.Recipients;
using BotHub.Admin.Features.Sending;
using BotHub.Admin.Tests.Infrastructure;

namespace BotHub.Admin.Tests.Unit.Provider;

/// <summary>Every provider error and phone problem said plainly in both languages, the code after it, and whether a retry helps.</summary>
public sealed class ErrorTextTests
{
    public static TheoryData<int> AllCodes => [.. ErrorCatalogue.All.Select(e => e.Code)];

    [Theory]
    [MemberData(nameof(AllCodes))]
    public void EveryCode_HasItsOwnPlainSentence_InBothLanguages_WithTheCodeAfterIt(int code)
    {
        var digits = code.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var english = TestText.In("en", l => ErrorText.Plain(l, code));
        var chinese = TestText.In("zh-CN", l => ErrorText.Plain(l, code));

        Assert.EndsWith($" ({code})", english, StringComparison.Ordinal);
        Assert.EndsWith($"（{code}）", chinese, StringComparison.Ordinal);
        Assert.NotEqual(TestText.In("en", l => ErrorText.Sentence(l, 99999)), english[..^(digits.Length + 3)]);
        Assert.DoesNotMatch("[\u4e00-\u9fff]", english);
        Assert.Matches("[\u4e00-\u9fff]", chinese);
        Assert.False(english.StartsWith(digits, StringComparison.Ordinal), "the words come first, the code second");
    }

    [Theory]
    [InlineData(41015, "The message is empty: write its text (41015)", "消息是空的：请填写正文（41015）")]
    [InlineData(41022, "The image's file type is missing: pick JPG or PNG (41022)", "缺少图片的文件类型：请选择 JPG 或 PNG（41022）")]
    [InlineData(10002, "The provider refused the channel's API key: add a working key on the API keys page (10002)",
        "服务商拒绝了该渠道的 API 密钥：请在“API 密钥”页面添加可用的密钥（10002）")]
    [InlineData(10100, "The provider refused a value in the message: check the number and the message (10100)",
        "服务商认为消息中有无效的值：请检查号码和消息内容（10100）")]
    [InlineData(80002, "The provider could not be reached over the network (80002)", "网络出错，无法连接服务商（80002）")]
    [InlineData(12345, "The provider answered with a code this console does not know (12345)", "服务商返回了本控制台不认识的代码（12345）")]
    public void Plain_SaysWhatHappenedAndWhatToDo_ThenTheCode(int code, string english, string chinese)
    {
        Assert.Equal(english, TestText.In("en", l => ErrorText.Plain(l, code)));
        Assert.Equal(chinese, TestText.In("zh-CN", l => ErrorText.Plain(l, code)));
    }

    [Theory]
    [InlineData(10000, "Retrying may help: the problem was on the provider's side or the network", "重试可能有用：问题出在服务商或网络")]
    [InlineData(80002, "Retrying may help: the problem was on the provider's side or the network", "重试可能有用：问题出在服务商或网络")]
    [InlineData(10100, "Retrying won't help: fix the number or the message first", "重试无济于事：请先修正号码或消息")]
    [InlineData(41015, "Retrying won't help: fix the number or the message first", "重试无济于事：请先修正号码或消息")]
    [InlineData(10002, "Retrying won't help until the channel's key or bot is fixed", "在修好渠道的密钥或机器人之前，重试无济于事")]
    [InlineData(10011, "Nothing to retry: the provider already has this message", "无需重试：服务商已收到这条消息")]
    public void Retry_FollowsTheCataloguesClass_InBothLanguages(int code, string english, string chinese)
    {
        Assert.Equal(english, TestText.In("en", l => ErrorText.Retry(l, code)));
        Assert.Equal(chinese, TestText.In("zh-CN", l => ErrorText.Retry(l, code)));
    }

    [Fact]
    public void Retry_EveryClass_HasItsOwnVerdict()
    {
        var verdicts = Enum.GetValues<ErrorClass>().Select(c => TestText.In("zh-CN", l => ErrorText.Retry(l, c))).ToList();
        Assert.Equal(verdicts.Count, verdicts.Distinct().Count());
        Assert.DoesNotContain(verdicts, v => v.StartsWith("Retry.", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(10100, "invalid parameter", null)]
    [InlineData(10100, "  Invalid Parameter ", null)]
    [InlineData(10100, "参数无效", null)]
    [InlineData(10002, "10002 invalid API key (无效的API KEY): invalid API key", null)]
    [InlineData(10000, "internal error (sandbox fault)", null)]
    [InlineData(10100, "to: not a phone number in E.164 form", "to: not a phone number in E.164 form")]
    [InlineData(10100, "", null)]
    [InlineData(10100, null, null)]
    public void ProviderAddition_OnlyWhenTheProviderSaysMoreThanTheCatalogue(int code, string? said, string? expected)
    {
        Assert.Equal(expected, ErrorText.ProviderAddition(code, said));
    }

    [Theory]
    [InlineData(10002, "en", "Channel Sales (+8613800000000) is paused: the provider refused its API key (10002).",
        "Add a working key on the API keys page, then resume. Nothing was marked failed: queued messages wait.")]
    [InlineData(10002, "zh-CN", "渠道 Sales（+8613800000000）已暂停：服务商拒绝了它的 API 密钥（10002）。",
        "请在“API 密钥”页面添加可用的密钥，然后恢复发送。没有消息被标记为失败：排队的消息仍在等待。")]
    [InlineData(10006, "en", "Channel Sales (+8613800000000) is paused: the provider has no such bot, or it was deleted (10006).",
        "Check the bot's number with the provider and on the API keys page, then resume. Nothing was marked failed: queued messages wait.")]
    [InlineData(10005, "en", "Channel Sales (+8613800000000) is paused: the provider did not accept the kind of call it made (10005).",
        "Check the provider's address in the settings, then resume. Nothing was marked failed: queued messages wait.")]
    [InlineData(10000, "en", "Channel Sales (+8613800000000) is paused: the provider refused its requests (10000).",
        "Add a working key on the API keys page, then resume. Nothing was marked failed: queued messages wait.")]
    public void Paused_NamesTheChannel_TheReasonOnce_AndTheFix(int code, string culture, string title, string fix)
    {
        var channel = new PausedChannel(1, "Sales", "+8613800000000", DateTime.UtcNow,
            DecodedError.Of(code, message: "10002 invalid API key (无效的API KEY): invalid API key"));

        Assert.Equal(title, TestText.In(culture, l => PausedText.Title(l, channel)));
        Assert.Equal(fix, TestText.In(culture, l => PausedText.WhatToDo(l, code)));
    }

    [Theory]
    [InlineData(PhoneProblem.Empty, null, "No phone number", "没有电话号码")]
    [InlineData(PhoneProblem.NotANumber, null, "Not a phone number", "不是电话号码")]
    [InlineData(PhoneProblem.NoCountryCode, "+86", "No country code: add +86 or set a default region", "缺少国家代码：请加上 +86，或设置默认地区")]
    [InlineData(PhoneProblem.NoCountryCode, "+49", "No country code: add +49 or set a default region", "缺少国家代码：请加上 +49，或设置默认地区")]
    [InlineData(PhoneProblem.NoCountryCode, null, "No country code: add the country's code (such as +44) or set a default region",
        "缺少国家代码：请加上所在国家的代码（例如 +44），或设置默认地区")]
    [InlineData(PhoneProblem.UnknownCountryCode, null, "Unknown country code: check the digits after the +", "国家代码不存在：请检查 + 后面的数字")]
    [InlineData(PhoneProblem.TooShort, null, "Not a phone number: too few digits", "不是电话号码：位数太少")]
    [InlineData(PhoneProblem.TooLong, null, "Not a phone number: too many digits", "不是电话号码：位数太多")]
    [InlineData(PhoneProblem.InvalidForCountry, "+86", "Not a valid +86 number: check the digits", "不是有效的 +86 号码：请检查数字")]
    public void PhoneProblem_IsSaidPlainly_InBothLanguages(PhoneProblem problem, string? code, string english, string chinese)
    {
        Assert.Equal(english, TestText.In("en", l => PhoneText.Problem(l, problem, code)));
        Assert.Equal(chinese, TestText.In("zh-CN", l => PhoneText.Problem(l, problem, code)));
    }

    [Fact]
    public void PhoneProblem_Every_HasItsText()
    {
        Assert.All(Enum.GetValues<PhoneProblem>(), p => Assert.False(TestText.L[PhoneText.Key(p, "+1")].ResourceNotFound, $"Phone.{p}"));
        Assert.False(TestText.L[PhoneText.Key(PhoneProblem.NoCountryCode, null)].ResourceNotFound);
    }
}
