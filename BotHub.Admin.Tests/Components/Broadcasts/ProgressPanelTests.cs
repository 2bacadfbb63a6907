using BotHub.Admin.Features.Broadcasts;
using BotHub.Admin.Features.Broadcasts.Live;
using BotHub.Admin.Features.Sending;
using Bunit;

namespace BotHub.Admin.Tests.Components.Broadcasts;

/// <summary>The live page's progress panel from hand-made figures, in the person's zone (Shanghai: UTC+8), in English and Chinese.</summary>
public sealed class ProgressPanelTests : BunitTestBase
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private static readonly DateTimeOffset Now = new(2025, 3, 10, 6, 0, 0, TimeSpan.Zero); // 14:00 in Shanghai
    private static readonly DateTime Started = Now.UtcDateTime.AddSeconds(-200);

    /// <summary>100 deliveries: 79 done, 15 open, 6 waiting for quota.</summary>
    private static readonly Dictionary<DeliveryState, int> Mixed = new()
    {
        [DeliveryState.Queued] = 10, [DeliveryState.Checking] = 2, [DeliveryState.Sending] = 3, [DeliveryState.Sent] = 50,
        [DeliveryState.Failed] = 5, [DeliveryState.Excluded] = 20, [DeliveryState.Cancelled] = 4, [DeliveryState.WaitingForQuota] = 6,
    };

    /// <summary>9.5 requests/s of 10 allowed, 0.1 users/s: the 15 open take 150 s.</summary>
    private static ChannelActivity Activity(double requests = 9.5, double users = 0.1) =>
        new(1, requests, users, 10, 3, DateOnly.FromDateTime(Now.UtcDateTime), 60, 1000, false, Now);

    private static BroadcastProgress Progress(BroadcastState state = BroadcastState.Sending, IReadOnlyDictionary<DeliveryState, int>? byState = null,
        DateTime? started = null, ChannelActivity? activity = null) =>
        new(state, byState ?? Mixed, started ?? Started, null, activity ?? Activity(), Now);

    private IRenderedComponent<ProgressPanel> RenderPanel(BroadcastProgress progress)
    {
        UseZone(Shanghai.Id); // the person's zone
        return Render<ProgressPanel>(p => p.Add(x => x.Progress, progress));
    }

    private static string Figure(IRenderedComponent<ProgressPanel> cut, string label) =>
        cut.Find($"[role=group][aria-label='{label}'] .mud-typography-h6").TextContent.Trim();

    private static string Text(IRenderedComponent<ProgressPanel> cut, string testId) =>
        Squeezed(cut.Find($"[data-testid={testId}]").TextContent);

    /// <summary>The row header beside a figure, so a test reads "Rate", not a test id alone.</summary>
    private static string RowHeader(IRenderedComponent<ProgressPanel> cut, string testId) =>
        cut.Find($"[data-testid={testId}]").ParentElement!.QuerySelector("th")!.TextContent.Trim();

    /// <summary>The bar of parts as a screen reader reads it.</summary>
    private static string Bar(IRenderedComponent<ProgressPanel> cut) => cut.Find(".outcome-bar[role=img]").GetAttribute("aria-label")!;

    private static string Squeezed(string text) => string.Join(' ', text.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries));

    [Fact]
    public void Sending_ShowsEachStateCountByItsLabel()
    {
        var cut = RenderPanel(Progress());

        Assert.Equal(
            [("Queued", "10"), ("Checking", "2"), ("Sending", "3"), ("Sent", "50"), ("Failed", "5"), ("Excluded", "20"), ("Cancelled", "4"), ("Waiting for quota", "6")],
            cut.FindAll("[role=group][aria-label]").Select(g => (g.GetAttribute("aria-label")!, g.QuerySelector(".mud-typography-h6")!.TextContent.Trim())));
        Assert.Equal("Progress", cut.Find("[role=region]").GetAttribute("aria-label"));
    }

    [Fact]
    public void Sending_ShowsShareDoneRateElapsedAndTimeLeftWithTheEndInTheUsersZone()
    {
        var cut = RenderPanel(Progress());

        Assert.Equal("50 of 100 sent (50%)", Text(cut, "progress-done"));
        Assert.Equal("50 sent · 5 failed · 20 excluded · 4 cancelled · 21 to go", Bar(cut));
        Assert.Equal(("Rate", "9.5 requests/s (limit 10/s) · 0.1 users/s"), (RowHeader(cut, "progress-rate"), Text(cut, "progress-rate")));
        Assert.Equal(("Elapsed", "3 min 20 s"), (RowHeader(cut, "progress-elapsed"), Text(cut, "progress-elapsed")));
        Assert.Equal(("Time left", "about 2 min 30 s, ends about 2025-03-10 14:02 (Asia/Shanghai)"),
            (RowHeader(cut, "progress-remaining"), Text(cut, "progress-remaining")));
    }

    [Fact]
    public void LargeCounts_AreGroupedByThousands()
    {
        var cut = RenderPanel(Progress(byState: new Dictionary<DeliveryState, int> { [DeliveryState.Sent] = 1234, [DeliveryState.Queued] = 766 }));

        Assert.Equal("1,234 of 2,000 sent (61%)", Text(cut, "progress-done")); // 61.7 %, rounded down: never more than was sent
        Assert.Equal("1,234", Figure(cut, "Sent"));
    }

    [Fact]
    public void AlmostDone_NeverShows100Percent_WhileOneIsOpen()
    {
        var cut = RenderPanel(Progress(byState: new Dictionary<DeliveryState, int> { [DeliveryState.Sent] = 199, [DeliveryState.Queued] = 1 }));

        Assert.Equal("199 of 200 sent (99%)", Text(cut, "progress-done"));
        Assert.Equal("199 sent · 1 to go", Bar(cut));
    }

    [Fact]
    public void Completed_WithFailuresAndExclusions_ShowsTheShareSent_NotAHundredPercentDone()
    {
        var cut = RenderPanel(new BroadcastProgress(BroadcastState.Completed,
            new Dictionary<DeliveryState, int> { [DeliveryState.Sent] = 90, [DeliveryState.Failed] = 7, [DeliveryState.Excluded] = 3 },
            Started, Started.AddSeconds(65), Activity(), Now));

        Assert.Equal("90 of 100 sent (90%)", Text(cut, "progress-done"));
        Assert.Equal("90 sent · 7 failed · 3 excluded", Bar(cut));
        Assert.Equal("Not sending now", Text(cut, "progress-rate"));
        Assert.Equal("1 min 5 s", Text(cut, "progress-elapsed")); // to the finish, not to now
        Assert.Equal("—", Text(cut, "progress-remaining"));
    }

    [Theory]
    [InlineData("en", "2 min 30 s (not counting 50 s paused)")]
    [InlineData("zh-CN", "2 分 30 秒（不含暂停的 50 秒）")]
    public void Elapsed_LeavesOutTheTimeItStoodPaused_AndSaysHowLong(string culture, string elapsed)
    {
        UseCulture(culture);
        // Started 200 s ago; paused 20 s earlier on, and paused again 30 s ago.
        var paused = new BroadcastProgress(BroadcastState.Paused, Mixed, Started, null, Activity(), Now, PausedMs: 20_000,
            PausedUtc: Now.UtcDateTime.AddSeconds(-30));

        Assert.Equal(elapsed, Text(RenderPanel(paused), "progress-elapsed"));
    }

    [Fact]
    public void Sending_ShowsTheLatencyMeasured_AndTheTimeLeftCountsTheLastRoundTrip()
    {
        // 15 open at 0.1 users/s start within 150 s; the last check and send then take 2 × 0.8 s more: 152 s.
        var cut = RenderPanel(Progress(activity: Activity() with { Latency = TimeSpan.FromMilliseconds(800) }));

        Assert.Equal(("Provider answers in", "about 800 ms"), (RowHeader(cut, "progress-latency"), Text(cut, "progress-latency")));
        Assert.StartsWith("about 2 min 32 s,", Text(cut, "progress-remaining"), StringComparison.Ordinal);
        Assert.Empty(RenderPanel(Progress()).FindAll("[data-testid=progress-latency]")); // nothing answered yet: no row
    }

    [Fact]
    public void Paused_SaysNotSendingNow_AndNoTimeLeft_ThoughTheChannelHasActivity()
    {
        var cut = RenderPanel(Progress(BroadcastState.Paused));

        Assert.Equal("Not sending now", Text(cut, "progress-rate"));
        Assert.Equal("—", Text(cut, "progress-remaining"));
        Assert.Equal("3 min 20 s", Text(cut, "progress-elapsed"));
        Assert.Equal("10", Figure(cut, "Queued"));
    }

    [Fact]
    public void Sending_NoPaceYet_SaysEstimating()
    {
        var cut = RenderPanel(Progress(activity: Activity(requests: 2, users: 0)));

        Assert.Equal("Estimating…", Text(cut, "progress-remaining"));
        Assert.Equal("2.0 requests/s (limit 10/s) · 0.0 users/s", Text(cut, "progress-rate"));
    }

    [Fact]
    public void Sending_ProviderAway_ShowsNoTimeLeft_NotAnEndFromTheLastSecondsPace()
    {
        var cut = RenderPanel(Progress(activity: Activity() with { HeldSince = Now.AddMinutes(-1) }));

        Assert.Equal("—", Text(cut, "progress-remaining"));
        Assert.Equal("9.5 requests/s (limit 10/s) · 0.1 users/s", Text(cut, "progress-rate"));
    }

    [Fact]
    public void Sending_BeforeTheEngineLookedAtTheChannel_SaysNotSendingNow()
    {
        var cut = RenderPanel(new BroadcastProgress(BroadcastState.Sending, Mixed, Started, null, null, Now));

        Assert.Equal("Not sending now", Text(cut, "progress-rate"));
        Assert.Equal("Estimating…", Text(cut, "progress-remaining"));
    }

    [Fact]
    public void Queued_NotStarted_SaysSo()
    {
        var cut = RenderPanel(new BroadcastProgress(BroadcastState.Queued, new Dictionary<DeliveryState, int> { [DeliveryState.Queued] = 5 }, null, null, null, Now));

        Assert.Equal("0 of 5 sent (0%)", Text(cut, "progress-done"));
        Assert.Equal("Not started yet", Text(cut, "progress-elapsed"));
        Assert.Equal("Not sending now", Text(cut, "progress-rate"));
        Assert.Equal("—", Text(cut, "progress-remaining"));
    }

    [Fact]
    public void Chinese_Sending_ShowsTheSameFiguresInChinese()
    {
        UseCulture("zh-CN");

        var cut = RenderPanel(Progress());

        Assert.Equal(
            [("已排队", "10"), ("检查中", "2"), ("发送中", "3"), ("已发送", "50"), ("失败", "5"), ("已排除", "20"), ("已取消", "4"), ("等待配额", "6")],
            cut.FindAll("[role=group][aria-label]").Select(g => (g.GetAttribute("aria-label")!, g.QuerySelector(".mud-typography-h6")!.TextContent.Trim())));
        Assert.Equal("进度", cut.Find("[role=region]").GetAttribute("aria-label"));
        Assert.Equal("已发送 50 / 100（50%）", Text(cut, "progress-done"));
        Assert.Equal("已发送 50 · 失败 5 · 已排除 20 · 已取消 4 · 待发送 21", Bar(cut));
        Assert.Equal(("速率", "9.5 请求/秒（上限 10 请求/秒）· 0.1 用户/秒"), (RowHeader(cut, "progress-rate"), Text(cut, "progress-rate")));
        Assert.Equal(("已用时间", "3 分 20 秒"), (RowHeader(cut, "progress-elapsed"), Text(cut, "progress-elapsed")));
        Assert.Equal(("剩余时间", "约 2 分 30 秒，预计 2025-03-10 14:02 (Asia/Shanghai) 结束"),
            (RowHeader(cut, "progress-remaining"), Text(cut, "progress-remaining")));
    }

    [Fact]
    public void Chinese_NotSending_SaysSoInChinese()
    {
        UseCulture("zh-CN");

        var paused = RenderPanel(Progress(BroadcastState.Paused));
        var queued = RenderPanel(new BroadcastProgress(BroadcastState.Queued, new Dictionary<DeliveryState, int> { [DeliveryState.Queued] = 5 }, null, null, null, Now));
        var estimating = RenderPanel(Progress(activity: Activity(users: 0)));

        Assert.Equal("当前未在发送", Text(paused, "progress-rate"));
        Assert.Equal("—", Text(paused, "progress-remaining"));
        Assert.Equal("尚未开始", Text(queued, "progress-elapsed"));
        Assert.Equal("正在估算…", Text(estimating, "progress-remaining"));
    }
}
