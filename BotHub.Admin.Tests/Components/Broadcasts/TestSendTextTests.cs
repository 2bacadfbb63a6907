using BotHub.Admin.Features.Broadcasts;
using BotHub.Admin.Features.Broadcasts.Live;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using BotHub.Admin.Features.Sending;
using BotHub.Admin.Features.Compose;

namespace BotHub.Admin.Tests.Components.Broadcasts;

/// <summary>The answer to a test send that made nothing: the number, grouped as people write it, and why, in the page's language.</summary>
public sealed class TestSendTextTests : BunitTestBase
{
    private const string Number = "+8613900001111";

    private string Refusal(ExclusionReason? reason, CreateError error = CreateError.NobodyToSend) =>
        TestSendText.Refusal(Services.GetRequiredService<IStringLocalizer<BotHub.Admin.Resources.Strings>>(), new CreateResult(null, error, 0, 1, reason), Number);

    [Theory]
    [InlineData(ExclusionReason.NoMessageToday, "+86 139 0000 1111 has not written to this channel today, so it cannot get a push until it does.")]
    [InlineData(ExclusionReason.OptedOut, "+86 139 0000 1111 has opted out, so it gets no pushes from this channel.")]
    [InlineData(ExclusionReason.NotOptedIn, "+86 139 0000 1111 has not opted in, so it cannot get a push: mark it opted in on the Recipients page first.")]
    [InlineData(ExclusionReason.NotARecipient, "+86 139 0000 1111 is not among the recipients: add it first; it must opt in and write to this channel before it can get a push.")]
    public void NumberThatCannotGetAPush_SaysWhy_NotComposesWording(ExclusionReason reason, string expected)
    {
        Assert.Equal(expected, Refusal(reason));
        Assert.NotEqual("Nobody picked can get this message now; nothing was created.", Refusal(reason));
    }

    [Fact]
    public void InChinese_SaysWhyInChinese()
    {
        UseCulture("zh-CN");

        Assert.Equal("+86 139 0000 1111 今天还没有给此渠道发过消息，在它发来消息之前无法接收推送。", Refusal(ExclusionReason.NoMessageToday));
        Assert.Equal("+86 139 0000 1111 已退订，因此不会收到此渠道的推送。", Refusal(ExclusionReason.OptedOut));
    }

    [Fact]
    public void AnotherError_KeepsItsOwnWording()
    {
        Assert.Equal("This channel has no enabled API key, so it cannot send.", Refusal(null, CreateError.ChannelDisabled));
    }
}
