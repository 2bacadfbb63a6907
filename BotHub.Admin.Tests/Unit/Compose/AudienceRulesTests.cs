using BotHub.Admin.Features.Broadcasts;
using BotHub.Admin.Features.Compose;
using BotHub.Admin.Features.Provider;
using BotHub.Admin.Features.Recipients;
using BotHub.Admin.Features.Sending;

namespace BotHub.Admin.Tests.Unit.Compose;

public sealed class AudienceRulesTests
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private static readonly DateTimeOffset Now = new(2025, 3, 10, 6, 0, 0, TimeSpan.Zero); // 14:00 in Shanghai
    private static readonly DateTime WroteToday = Now.UtcDateTime.AddHours(-1);
    private static readonly DateTime WroteYesterday = new(2025, 3, 9, 15, 59, 0, DateTimeKind.Utc); // 23:59 the day before

    private static ComposeModel Model(string? body = "Hello", int keepDays = 0) =>
        new() { Message = new ComposedMessage { Type = "text", Body = body }, KeepDays = keepDays };

    private static AudienceRow Row(OptInStatus optIn = OptInStatus.OptedIn, DateTime? lastInbound = null, string? name = "Alice",
        string phone = "+8613800138000", Dictionary<string, string>? attributes = null) =>
        new(1, phone, name, optIn, attributes ?? [], lastInbound ?? WroteToday, Checked: false, NotifiedToday: false);

    private static RowDecision Decide(ComposeModel model, AudienceRow row, bool judge = true) =>
        new AudienceRules(model, Shanghai, Now, judge).Decide(row);

    [Fact]
    public void Decide_EligibleRecipient_IsSentTheTemplate()
    {
        var decision = Decide(Model("Hello"), Row());

        Assert.Equal(new RowDecision(RowDecisionKind.Send, "Hello"), decision);
    }

    [Theory]
    [InlineData(OptInStatus.OptedOut, ExclusionReason.OptedOut)]
    [InlineData(OptInStatus.Unknown, ExclusionReason.NotOptedIn)]
    public void Decide_NotOptedIn_IsExcludedWithTheReason(OptInStatus optIn, ExclusionReason reason)
    {
        var decision = Decide(Model(), Row(optIn));

        Assert.Equal(RowDecisionKind.Exclude, decision.Kind);
        Assert.Equal(reason, decision.Reason);
        Assert.Null(decision.Text);
    }

    [Fact]
    public void Decide_SilentToday_IsExcludedAsNoMessageToday()
    {
        Assert.Equal(ExclusionReason.NoMessageToday, Decide(Model(), Row(lastInbound: WroteYesterday)).Reason);
        Assert.Equal(ExclusionReason.NoMessageToday,
            Decide(Model(), new AudienceRow(1, "+8613800138000", "A", OptInStatus.OptedIn, [], null, false, false)).Reason);
    }

    [Fact]
    public void Decide_SilentTodayWithKeepDays_Waits_WithItsText()
    {
        var decision = Decide(Model("Hi {{name}}", keepDays: 3), Row(lastInbound: WroteYesterday));

        Assert.Equal(new RowDecision(RowDecisionKind.Wait, "Hi Alice"), decision);
    }

    [Fact]
    public void Decide_OptedOutWithKeepDays_IsStillExcluded()
    {
        var decision = Decide(Model(keepDays: 3), Row(OptInStatus.OptedOut, WroteYesterday));

        Assert.Equal(RowDecisionKind.Exclude, decision.Kind);
        Assert.Equal(ExclusionReason.OptedOut, decision.Reason);
    }

    [Fact]
    public void Decide_InvalidNumber_IsExcludedEvenWhenScheduled()
    {
        Assert.Equal(ExclusionReason.InvalidNumber, Decide(Model(), Row(phone: "13800138000")).Reason);
        Assert.Equal(ExclusionReason.InvalidNumber, Decide(Model(), Row(phone: "13800138000"), judge: false).Reason);
    }

    [Theory]
    [InlineData(OptInStatus.OptedOut)]
    [InlineData(OptInStatus.Unknown)]
    [InlineData(OptInStatus.OptedIn)]
    public void Decide_Scheduled_DoesNotJudgeEligibility(OptInStatus optIn)
    {
        var decision = Decide(Model("Hi"), Row(optIn, WroteYesterday), judge: false);

        Assert.Equal(new RowDecision(RowDecisionKind.Send, "Hi"), decision);
    }

    [Fact]
    public void Decide_MissingVariable_IsExcludedWithTheTokenAsDetail()
    {
        var decision = Decide(Model("Hi {{name}} from {{attr:city}}"), Row(attributes: []));

        Assert.Equal(RowDecisionKind.Exclude, decision.Kind);
        Assert.Equal(ExclusionReason.MissingVariable, decision.Reason);
        Assert.Equal("{{attr:city}}", decision.Detail);
    }

    [Fact]
    public void Decide_MissingVariableWithFallback_IsSentWithTheFallback()
    {
        var model = Model("Hi {{name}}");
        var fallback = model.FallbackFor("name");
        fallback.Exclude = false;
        fallback.Text = "there";

        Assert.Equal(new RowDecision(RowDecisionKind.Send, "Hi there"), Decide(model, Row(name: null)));
    }

    [Fact]
    public void Decide_FallbackForAVariable_DefaultsToLeavingOut()
    {
        var model = Model("Hi {{name}}");
        _ = model.FallbackFor("name");

        Assert.Equal(ExclusionReason.MissingVariable, Decide(model, Row(name: null)).Reason);
    }

    [Fact]
    public void Decide_AttributePushingCaptionPastTheLimit_IsExcludedAsMessageInvalid()
    {
        var model = new ComposeModel
        {
            Message = new ComposedMessage { Type = "image", Url = "https://x.example/a.jpg", Extension = "jpg", Caption = "Dear {{attr:bio}}" },
        };
        Assert.Empty(ComposeRules.Validate(model.Message, Now));
        var longBio = new string('b', MessageRules.MaxCaptionLength);
        var shortBio = new string('b', MessageRules.MaxCaptionLength - "Dear ".Length);

        var tooLong = Decide(model, Row(attributes: new() { ["bio"] = longBio }));
        var fits = Decide(model, Row(attributes: new() { ["bio"] = shortBio }));

        Assert.Equal(RowDecisionKind.Exclude, tooLong.Kind);
        Assert.Equal(ExclusionReason.MessageInvalid, tooLong.Reason);
        Assert.Contains("10100", tooLong.Detail, StringComparison.Ordinal);
        Assert.Contains("caption", tooLong.Detail, StringComparison.Ordinal);
        Assert.Equal(RowDecisionKind.Send, fits.Kind);
        Assert.Equal(MessageRules.MaxCaptionLength, fits.Text!.Length);
    }

    [Fact]
    public void Decide_FallbackLeavingTheBodyEmpty_IsExcludedAsMessageInvalid()
    {
        var model = Model("{{name}}");
        var fallback = model.FallbackFor("name");
        fallback.Exclude = false;
        fallback.Text = "";

        var decision = Decide(model, Row(name: null));

        Assert.Equal(ExclusionReason.MessageInvalid, decision.Reason);
        Assert.Contains("41015", decision.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_IneligibleAndMissingVariable_ReportsEligibilityFirst()
    {
        Assert.Equal(ExclusionReason.OptedOut, Decide(Model("Hi {{name}}"), Row(OptInStatus.OptedOut, name: null)).Reason);
    }

    [Fact]
    public void Variables_AreThoseOfTheTemplate()
    {
        var rules = new AudienceRules(Model("{{phone}} {{name}} {{phone}}"), Shanghai, Now, true);

        Assert.Equal(["phone", "name"], rules.Variables.Select(v => v.Key));
    }

    [Theory]
    [InlineData(IneligibleReason.OptedOut, ExclusionReason.OptedOut)]
    [InlineData(IneligibleReason.NotOptedIn, ExclusionReason.NotOptedIn)]
    [InlineData(IneligibleReason.InvalidNumber, ExclusionReason.InvalidNumber)]
    [InlineData(IneligibleReason.NoMessageToday, ExclusionReason.NoMessageToday)]
    public void ReasonOf_MapsEveryIneligibleReason(IneligibleReason reason, ExclusionReason expected)
    {
        Assert.Equal(expected, Exclusions.Of(reason));
    }
}
