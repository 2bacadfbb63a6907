using BotHub.Admin.Features.Broadcasts;
using Bunit;
using BotHub.Admin.Features.Sending;
using BotHub.Admin.Features.Compose;

namespace BotHub.Admin.Tests.Components.Broadcasts;

/// <summary>
/// A scheduled broadcast's page sets the forecast made when it was created beside what happened when it ran: 130 picked,
/// 48 expected, 70 only if they wrote before it ran, 12 opted out; at the run 66 still had not written (4 had).
/// </summary>
public sealed class ForecastPanelTests : BunitTestBase
{
    private static readonly BroadcastForecast Forecast =
        new(48, 70, new Dictionary<ExclusionReason, int> { [ExclusionReason.OptedOut] = 12 }, JudgedLater: true);

    private static readonly Dictionary<DeliveryState, int> AfterRun = new()
    {
        [DeliveryState.Sent] = 50, [DeliveryState.Failed] = 2, [DeliveryState.Excluded] = 78,
    };

    private static readonly Dictionary<ExclusionReason, int> ReasonsAfterRun = new()
    {
        [ExclusionReason.NoMessageToday] = 66, [ExclusionReason.OptedOut] = 12,
    };

    private IRenderedComponent<ForecastPanel> RenderPanel(bool ran) => Render<ForecastPanel>(p => p
        .Add(x => x.Forecast, Forecast)
        .Add(x => x.ByState, ran ? AfterRun : new Dictionary<DeliveryState, int> { [DeliveryState.Queued] = 130 })
        .Add(x => x.ByReason, ran ? ReasonsAfterRun : new Dictionary<ExclusionReason, int>())
        .Add(x => x.Ran, ran));

    private static string Squeezed(string text) => string.Join(' ', text.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries));

    private static List<string[]> Rows(IRenderedComponent<ForecastPanel> cut) =>
        cut.FindAll("tbody tr").Select(r => r.Children.Select(c => c.TextContent.Trim()).ToArray()).ToList();

    [Fact]
    public void AfterTheRun_ExplainsTheDifference_InWordsAndSideBySide()
    {
        var cut = RenderPanel(ran: true);

        var text = Squeezed(cut.Find("[data-testid=broadcast-forecast]").TextContent);
        Assert.Contains("Forecast when created: 48 to send, 70 only if they wrote first, 12 excluded.", text, StringComparison.Ordinal);
        Assert.Contains("At the run, 66 had not written to the channel that day, so they were left out. 4 of those who had not written when it was created wrote in time.",
            text, StringComparison.Ordinal);
        Assert.Equal(["What", "Forecast when created", "At the run"], cut.FindAll("thead th").Select(h => h.TextContent.Trim()));
        Assert.Equal(
            [["To send", "48", "52"], ["Opted out", "12", "12"], ["Not written to the channel today", "70", "66"]],
            Rows(cut));
    }

    [Fact]
    public void BeforeTheRun_ShowsTheForecastAlone()
    {
        var cut = RenderPanel(ran: false);

        Assert.Equal(["What", "Forecast when created"], cut.FindAll("thead th").Select(h => h.TextContent.Trim()));
        Assert.Equal([["To send", "48"], ["Opted out", "12"], ["Not written to the channel today", "70"]], Rows(cut));
        Assert.DoesNotContain("At the run", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void AfterTheRun_InChinese()
    {
        UseCulture("zh-CN");

        var cut = RenderPanel(ran: true);

        var text = Squeezed(cut.Find("[data-testid=broadcast-forecast]").TextContent);
        Assert.Contains("创建时的预测：发送 48 人，70 人须先发来消息，排除 12 人。", text, StringComparison.Ordinal);
        Assert.Contains("发送时，有 66 人当天没有给渠道发过消息，因此被排除。", text, StringComparison.Ordinal);
        Assert.Equal(["项目", "创建时预测", "发送时"], cut.FindAll("thead th").Select(h => h.TextContent.Trim()));
    }
}
