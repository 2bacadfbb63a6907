using BotHub.Admin.Features.Broadcasts;
using BotHub.Admin.Features.Channels;
using BotHub.Admin.Features.Compose;
using Bunit;
using BotHub.Admin.Features.Sending;

namespace BotHub.Admin.Tests.Components.Compose;

/// <summary>The picker's figures from a hand-built plan, in the channel's time zone (Shanghai: UTC+8).</summary>
public sealed class AudienceSummaryTests : BunitTestBase
{
    private static readonly SendingChannel Channel =
        new(1, "Main", "+8613800000000", TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"), 1, 10, 10, true);

    private static readonly DateTimeOffset Start = new(2025, 3, 10, 6, 0, 0, TimeSpan.Zero); // 14:00 in Shanghai
    private static readonly DateTimeOffset Midnight = new(2025, 3, 10, 16, 0, 0, TimeSpan.Zero);

    private readonly ComposeModel _model = new() { ChannelId = 1 };
    private int _changes;

    /// <summary>1,250 picked, 900 eligible, 350 left out; the quota covers 800 today; 130 requests take 2 min 10 s.</summary>
    private static AudiencePlan Plan() => new()
    {
        Selected = 1250,
        Eligible = 900,
        Excluded = new Dictionary<ExclusionReason, int>
        {
            [ExclusionReason.InvalidNumber] = 30, [ExclusionReason.OptedOut] = 200, [ExclusionReason.NoMessageToday] = 120,
        },
        Quota = Plans.Quota(used: 200, limit: 1000),
        AlreadyNotifiedToday = 40,
        GoToday = 800,
        WaitForQuota = 100,
        NewUsers = 500,
        CheckedUsers = 300,
        RatePerSecond = 10,
        Duration = TimeSpan.FromSeconds(130),
        Start = Start,
        Midnight = Midnight,
        LikelyLost = 0,
    };

    /// <summary>The same send started at 23:50 in Shanghai: it runs 2 min 10 s past the channel's midnight.</summary>
    private static AudiencePlan LatePlan() => Plan() with { Start = Midnight.AddMinutes(-10), Duration = TimeSpan.FromMinutes(12), LikelyLost = 340 };

    /// <summary>The person is in the channel's zone unless a test says otherwise: each time is then said once.</summary>
    public AudienceSummaryTests() => UseZone("Asia/Shanghai");

    private IRenderedComponent<AudienceSummary> RenderSummary(AudiencePlan? plan) => Render<AudienceSummary>(p => p
        .Add(x => x.Model, _model)
        .Add(x => x.Plan, plan)
        .Add(x => x.Channel, Channel)
        .Add(x => x.Changed, () => _changes++));

    private static string Figure(IRenderedComponent<AudienceSummary> cut, string label) =>
        cut.Find($"[role=group][aria-label='{label}'] .mud-typography-h6").TextContent.Trim();

    private static List<(string Reason, string Count)> Reasons(IRenderedComponent<AudienceSummary> cut) =>
        cut.FindAll("[aria-label='Excluded, by reason'] tbody tr")
            .Select(r => (r.Children[0].TextContent.Trim(), r.Children[1].TextContent.Trim())).ToList();

    private static string Squeezed(string text) => string.Join(' ', text.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries));

    [Fact]
    public void Summary_NoPlanYet_ShowsProgress()
    {
        var cut = RenderSummary(plan: null);

        Assert.Equal("Working out the figures…", cut.Find(".mud-progress-linear").GetAttribute("aria-label"));
        Assert.Empty(cut.FindAll("[role=group]"));
    }

    [Fact]
    public void Summary_Plan_ShowsSelectedEligibleAndExcludedFigures()
    {
        var cut = RenderSummary(Plan());

        Assert.Equal("1,250", Figure(cut, "Selected"));
        Assert.Equal("900", Figure(cut, "Eligible now"));
        Assert.Equal("350", Figure(cut, "Excluded now"));
        Assert.Empty(cut.FindAll("[role=group][aria-label='Waiting for them to write']"));
    }

    [Fact]
    public void Summary_Plan_ListsEachExclusionReasonInWords_MostFirst()
    {
        var cut = RenderSummary(Plan());

        Assert.Equal([("Opted out", "200"), ("Not written to the channel today", "120"), ("Invalid number", "30")], Reasons(cut));
    }

    [Fact]
    public void Summary_NobodyExcluded_ShowsNoReasonTable()
    {
        var cut = RenderSummary(Plan() with { Excluded = new Dictionary<ExclusionReason, int>() });

        Assert.Equal("0", Figure(cut, "Excluded now"));
        Assert.Empty(cut.FindAll("table"));
    }

    [Fact]
    public void Summary_Plan_ShowsTheQuotaAndThePartialQuotaWarning()
    {
        var cut = RenderSummary(Plan());

        Assert.Equal("Today's quota: 200 of 1,000 used (tier 2 governs: set 1, derived 2); 800 remaining.",
            Squeezed(cut.Find("[data-testid=plan-quota]").TextContent));
        Assert.Contains("Today's remaining quota covers 800; the other 100 wait for the next day's quota at 2025-03-11 08:00 (Asia/Shanghai) (and must be eligible then).",
            cut.Find(".mud-alert-text-warning").TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("Today's quota covers all", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void Summary_QuotaCoversAll_SaysSoWithThoseAlreadyNotified()
    {
        var cut = RenderSummary(Plan() with { GoToday = 900, WaitForQuota = 0 });

        Assert.Contains("Today's quota covers all 900 (of whom 40 already notified today use no more quota).", cut.Markup, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll(".mud-alert"));
    }

    [Fact]
    public void Summary_Plan_ShowsTheDurationAndTheEnd()
    {
        var cut = RenderSummary(Plan());

        Assert.Equal("About 2 min 10 s at 10 requests/s: 500 new users (a check and a send each) and 300 already checked. Ends about 2025-03-10 14:02 (Asia/Shanghai).",
            Squeezed(cut.Find("[data-testid=plan-duration]").TextContent));
    }

    [Fact]
    public void Summary_FinishesBeforeMidnight_ShowsNoMidnightWarning()
    {
        var cut = RenderSummary(Plan());

        Assert.Empty(cut.FindAll("[role=alert]"));
        Assert.DoesNotContain("Send to the most recently active first", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void Summary_EndsAfterMidnight_WarnsWithTheLikelyLost()
    {
        var cut = RenderSummary(LatePlan());

        var alert = cut.Find("[role=alert]");
        Assert.Contains("The channel's day ends at 2025-03-11 00:00 (Asia/Shanghai), before this send would finish: about 340 recipient(s) would likely lose eligibility before they are reached.",
            alert.TextContent, StringComparison.Ordinal);
        Assert.Contains("Send to the most recently active first", alert.TextContent, StringComparison.Ordinal);
        Assert.Equal("false", alert.QuerySelector("input[role=switch]")!.GetAttribute("aria-checked"));
    }

    [Fact]
    public void Summary_PersonInAnotherZone_SaysTheChannelsMidnightInBothZones()
    {
        UseZone("Europe/Berlin"); // UTC+1 in March: the channel's midnight is 17:00 there

        var cut = RenderSummary(LatePlan());

        Assert.Contains("The channel's day ends at 2025-03-11 00:00 channel time (Asia/Shanghai), 2025-03-10 17:00 your time (Europe/Berlin), before this send would finish",
            cut.Find("[role=alert]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Summary_MidnightSwitch_OrdersMostRecentlyActiveFirst_AndBack()
    {
        var cut = RenderSummary(LatePlan());

        cut.Find("[role=alert] input[role=switch]").Change(true);

        Assert.Equal(SendOrder.RecentlyActiveFirst, _model.Order);
        Assert.Equal(1, _changes);
        Assert.Equal("true", cut.Find("[role=alert] input[role=switch]").GetAttribute("aria-checked"));

        cut.Find("[role=alert] input[role=switch]").Change(false);

        Assert.Equal(SendOrder.AsAdded, _model.Order);
        Assert.Equal(2, _changes);
    }

    /// <summary>
    /// Scheduled for later today: 130 picked, all queued (judged when it runs); as things stand 48 would get it, 70 have
    /// not written to the channel today, 12 opted out.
    /// </summary>
    private static AudiencePlan ScheduledPlan() => Plan() with
    {
        Selected = 130, Eligible = 130, Excluded = new Dictionary<ExclusionReason, int>(), JudgedAtRun = true,
        Start = new DateTimeOffset(2025, 3, 10, 9, 0, 0, TimeSpan.Zero),
        Forecast = new BroadcastForecast(48, 70, new Dictionary<ExclusionReason, int> { [ExclusionReason.OptedOut] = 12 }, JudgedLater: true),
    };

    [Fact]
    public void Summary_Scheduled_CountsThoseWhoHaveNotWrittenAsOnlyIfTheyWriteBeforeItRuns_AndTheOptedOutAsExcludedNow()
    {
        var cut = RenderSummary(ScheduledPlan());

        Assert.Equal("130", Figure(cut, "Selected"));
        Assert.Equal("48", Figure(cut, "Will get it as things stand"));
        Assert.Equal("12", Figure(cut, "Excluded now"));
        Assert.Equal("70", Figure(cut, "Only if they write before it runs"));
        Assert.Empty(cut.FindAll("[role=group][aria-label='Eligible now']"));
        Assert.Equal([("Opted out", "12")], Reasons(cut));
        Assert.Equal("Scheduled for 2025-03-10 17:00 (Asia/Shanghai): who gets it is decided when it runs. As things stand now: 48 would get it, 12 excluded."
            + " Not yet written to the channel today: 70. They get it only if they write before it runs.",
            Squeezed(cut.Find("[data-testid=plan-forecast]").TextContent));
    }

    [Fact]
    public void Summary_ScheduledForALaterDay_SaysTheyMustWriteOnThatDay()
    {
        var plan = ScheduledPlan();
        var cut = RenderSummary(plan with { Forecast = plan.Forecast! with { SameDay = false } });

        Assert.EndsWith("It runs on a later day: each of the 70 opted in gets it only if they write to the channel that day before it runs.",
            Squeezed(cut.Find("[data-testid=plan-forecast]").TextContent), StringComparison.Ordinal);
    }

    [Fact]
    public void Summary_ScheduledInChinese_SaysTheForecastInChinese()
    {
        UseCulture("zh-CN");

        var cut = RenderSummary(ScheduledPlan());

        Assert.Equal("70", Figure(cut, "须在发送前发来消息"));
        Assert.Equal("48", Figure(cut, "按目前情况会收到"));
        var text = Squeezed(cut.Find("[data-testid=plan-forecast]").TextContent);
        Assert.Contains("按目前情况，48 人会收到，12 人被排除。", text, StringComparison.Ordinal);
        Assert.Contains("70 人今天还没有给渠道发过消息：只有在发送前发来消息才会收到。", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Summary_SentNow_SaysThoseWhoHaveNotWrittenTodayAreLeftOut()
    {
        var cut = RenderSummary(Plan());

        Assert.Equal("Left out for not writing to the channel today: 120. A push can go only to someone who wrote to the channel that day.",
            Squeezed(cut.Find("[data-testid=plan-forecast]").TextContent));
        Assert.Empty(cut.FindAll("[role=group][aria-label='Only if they write before it runs']"));
    }

    [Fact]
    public void Summary_KeepDays_ShowsThoseWaitingToWrite()
    {
        _model.KeepDays = 3;

        var cut = RenderSummary(Plan() with { Waiting = 75 });

        Assert.Equal("75", Figure(cut, "Waiting for them to write"));
        Assert.Contains("75 opted-in recipient(s) did not write today: their message waits up to 3 day(s) for them to write again.",
            cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void Summary_Chinese_ShowsTheReasonsInChinese()
    {
        UseCulture("zh-CN");

        var cut = RenderSummary(Plan());

        var reasons = cut.FindAll("tbody tr").Select(r => r.Children[0].TextContent.Trim()).ToList();
        Assert.Equal("已退订", reasons[0]);
        Assert.DoesNotContain(reasons, r => r.StartsWith("Exclusion.", StringComparison.Ordinal) || r == "Opted out");
    }
}
