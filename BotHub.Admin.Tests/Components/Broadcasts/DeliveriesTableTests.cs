using AngleSharp.Dom;
using BotHub.Admin.Data;
using BotHub.Admin.Features.Broadcasts;
using BotHub.Admin.Features.Provider;
using BotHub.Admin.Features.Sending;
using BotHub.Admin.Tests.Infrastructure;
using BotHub.Admin.Tests.Unit.Recipients;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using static BotHub.Admin.Tests.Infrastructure.BroadcastSeed;

namespace BotHub.Admin.Tests.Components.Broadcasts;

/// <summary>A broadcast's deliveries: each row opens onto its requests (read only then), with the provider's codes decoded.</summary>
public sealed class DeliveriesTableTests : BunitTestBase, IAsyncLifetime
{
    private const string Ana = "+4915300000001";
    private const string Bo = "+4915300000002";
    private static readonly DateTime Created = new(2025, 3, 10, 6, 0, 0, DateTimeKind.Utc);

    private RecipientServices _s = null!;
    private int _broadcastId;

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _s = await RecipientServices.CreateAsync(Ct, s => s.AddSingleton<BroadcastQuery>());
        Services.AddSingleton(_s.Get<BroadcastQuery>());

        // Ana: a check, a send that timed out, a send rejected with 41019; Bo: sent at the first try.
        await using var db = await _s.DbAsync(Ct);
        var channel = await db.AddChannelAsync("North");
        var ana = Delivery(Ana, DeliveryState.Queued, "Ana Lima").Failed(41019, 2, "Bad request", "req-3");
        var bo = Delivery(Bo, DeliveryState.Sent, "Bo Chen");
        _broadcastId = (await db.AddBroadcastAsync(channel, BroadcastState.Completed, Created, "Hello", ana, bo)).Id;
        await db.AddAttemptsAsync(ana.Row.Id,
            Attempt(AttemptKind.Check, Created.AddSeconds(1), OutcomeKind.Accepted, 200, requestId: "req-1", latencyMs: 80),
            Attempt(AttemptKind.Send, Created.AddSeconds(2), OutcomeKind.Transient, null, 80002, message: "timed out", requestId: "req-2", latencyMs: 2000),
            Attempt(AttemptKind.Send, Created.AddSeconds(30), OutcomeKind.Rejected, 400, 41019, 2, "Bad request", "req-3", 1234));
        await db.AddAttemptsAsync(bo.Row.Id, Attempt(AttemptKind.Send, Created.AddSeconds(3), OutcomeKind.Accepted, 200, requestId: "req-9"));
    }

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        await base.DisposeAsync();
        await _s.DisposeAsync();
    }

    private IRenderedComponent<DeliveriesTable> RenderTable()
    {
        var host = Render(b =>
        {
            b.OpenComponent<MudPopoverProvider>(0);
            b.CloseComponent();
            b.OpenComponent<DeliveriesTable>(1);
            b.AddAttribute(2, nameof(DeliveriesTable.BroadcastId), _broadcastId);
            b.CloseComponent();
        });
        var cut = host.FindComponent<DeliveriesTable>();
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("tbody tr.mud-table-row td button[aria-expanded]").Count));
        return cut;
    }

    private static IElement ExpandButton(IRenderedComponent<DeliveriesTable> cut, string label) =>
        cut.FindAll("button[aria-expanded]").Single(b => b.GetAttribute("aria-label") == label);

    private static IElement Attempts(IRenderedComponent<DeliveriesTable> cut, string name) =>
        cut.FindAll("[role=region]").Single(r => r.GetAttribute("aria-label") == name);

    /// <summary>The requests table's cells, row by row (its own tbody: "tbody tr" would also match through the grid around it).</summary>
    private static List<List<string>> Cells(IElement region) =>
        region.QuerySelector("tbody")?.Children.Select(tr => tr.Children.Select(td => td.TextContent.Trim()).ToList()).ToList() ?? [];

    [Fact]
    public async Task Expand_ShowsEachRequest_InOrder_WithEachCodeSaidPlainlyInEnglish()
    {
        var cut = RenderTable();
        Assert.Empty(cut.FindAll("[role=region]")); // nothing read before a row is opened
        Assert.Equal("false", ExpandButton(cut, $"Show requests for {Ana}").GetAttribute("aria-expanded"));

        await cut.InvokeAsync(() => ExpandButton(cut, $"Show requests for {Ana}").Click());

        cut.WaitForAssertion(() => Assert.Equal(3, Cells(Attempts(cut, $"Requests for {Ana}")).Count));
        var rows = Cells(Attempts(cut, $"Requests for {Ana}"));
        Assert.Equal(["Contact check", "2025-03-10 06:00:01", "Accepted", "200", "—", "—", "", "req-1", "80 ms"], rows[0]);
        Assert.Equal(["Send", "2025-03-10 06:00:02", "Temporary error: retried", "no answer", "The provider could not be reached over the network (80002)", "—", "timed out", "req-2", "2,000 ms"], rows[1]);
        Assert.Equal(["Send", "2025-03-10 06:00:30", "Rejected", "400", "The image has no caption: write one (41019)", "2", "Bad request", "req-3", "1,234 ms"], rows[2]);
        Assert.Equal("true", ExpandButton(cut, $"Hide requests for {Ana}").GetAttribute("aria-expanded"));
        Assert.DoesNotContain(cut.FindAll("[role=region]"), r => r.GetAttribute("aria-label") == $"Requests for {Bo}");

        await cut.InvokeAsync(() => ExpandButton(cut, $"Hide requests for {Ana}").Click());
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[role=region]")));
    }

    [Fact]
    public async Task Expand_InChinese_SaysEachCodePlainlyWithChineseLabels()
    {
        UseCulture("zh-CN");
        var cut = RenderTable();

        await cut.InvokeAsync(() => ExpandButton(cut, $"显示 {Ana} 的请求").Click());

        cut.WaitForAssertion(() => Assert.Equal(3, Cells(Attempts(cut, $"{Ana} 的请求")).Count));
        var region = Attempts(cut, $"{Ana} 的请求");
        var rows = Cells(region);
        Assert.Equal(["联系人检查", "已接受"], [rows[0][0], rows[0][2]]);
        Assert.Equal(["发送", "被拒绝", "图片没有说明文字：请填写（41019）", "2"], [rows[2][0], rows[2][2], rows[2][4], rows[2][5]]);
        Assert.Equal("无应答", rows[1][3]);
        Assert.Contains("耗时", region.QuerySelector("thead")!.TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en", "1 contact check, 2 sends", "Send")]
    [InlineData("zh-CN", "联系人检查 1 次，发送 2 次", "发送")]
    public async Task SentAfterARetry_CountsTheRequestsItsHistoryLists(string culture, string count, string send)
    {
        // As the engine leaves it: the first send timed out while the channel was held, so it did not count toward the
        // retry limit (Attempts 0); the second was accepted. The row and the history must tell the same story.
        await using (var db = await _s.DbAsync(Ct))
        {
            var bo = db.Deliveries.Single(d => d.Phone == Bo);
            (bo.Attempts, bo.LastCode, bo.LastSubcode, bo.LastMessage, bo.LastRequestId) = (0, 80002, 0, "timed out", "req-7");
            await db.SaveChangesAsync(Ct);
            await db.AddAttemptsAsync(bo.Id,
                Attempt(AttemptKind.Check, Created.AddSeconds(1), OutcomeKind.Accepted, 200, requestId: "req-6"),
                Attempt(AttemptKind.Send, Created.AddSeconds(2), OutcomeKind.Transient, null, 80002, message: "timed out", requestId: "req-7"));
        }

        UseCulture(culture);
        var cut = RenderTable();
        var row = cut.FindAll("tbody tr.mud-table-row").Single(r => r.TextContent.Contains(Bo, StringComparison.Ordinal));

        Assert.Equal(count, row.QuerySelector("[data-testid=delivery-requests]")?.TextContent.Trim());
        Assert.DoesNotContain("attempt", row.TextContent, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("尝试", row.TextContent, StringComparison.Ordinal);
        await cut.InvokeAsync(() => row.QuerySelector("button[aria-expanded]")!.Click());
        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll("[role=region] tbody tr").Count));
        Assert.Equal(2, cut.FindAll("[role=region] tbody tr").Count(r => r.Children[0].TextContent.Trim() == send));
    }

    [Fact]
    public void SentAtTheFirstTry_NeedsNoCount_AFailureHasOne()
    {
        var cut = RenderTable();
        var rows = cut.FindAll("tbody tr.mud-table-row");

        Assert.Null(rows.Single(r => r.TextContent.Contains(Bo, StringComparison.Ordinal)).QuerySelector("[data-testid=delivery-requests]"));
        Assert.Equal("1 contact check, 2 sends",
            rows.Single(r => r.TextContent.Contains(Ana, StringComparison.Ordinal)).QuerySelector("[data-testid=delivery-requests]")?.TextContent.Trim());
    }

    [Fact]
    public async Task DeliveryWithoutRequests_SaysSo()
    {
        await using (var db = await _s.DbAsync(Ct))
        {
            db.DeliveryAttempts.RemoveRange(db.DeliveryAttempts);
            await db.SaveChangesAsync(Ct);
        }

        var cut = RenderTable();
        await cut.InvokeAsync(() => ExpandButton(cut, $"Show requests for {Bo}").Click());

        cut.WaitForAssertion(() => Assert.Contains("No request has been made for this delivery yet.",
            Attempts(cut, $"Requests for {Bo}").TextContent, StringComparison.Ordinal));
    }

    private static string Squeezed(string text) => string.Join(' ', text.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries));

    private static List<string> StateLines(IRenderedComponent<DeliveriesTable> cut, string phone) =>
        cut.FindAll("tbody tr.mud-table-row").Single(tr => tr.TextContent.Contains(phone, StringComparison.Ordinal))
            .QuerySelectorAll("td")[3].QuerySelectorAll("div.mud-typography").Select(d => Squeezed(d.TextContent)).ToList();

    [Theory]
    [InlineData("en", "The image has no caption: write one (41019)", "Retrying won't help: fix the number or the message first",
        "The provider said: \u2068Bad request\u2069", "Subcode 2 · request req-3", "1 contact check, 2 sends")]
    [InlineData("zh-CN", "图片没有说明文字：请填写（41019）", "重试无济于事：请先修正号码或消息", "服务商原文：\u2068Bad request\u2069", "子代码 2 · 请求 req-3",
        "联系人检查 1 次，发送 2 次")]
    public void FailedRow_SaysWhatHappenedOnce_WhetherRetryHelps_ThenTheProvidersDetails(string culture, string plain, string retry, string said,
        string details, string requests)
    {
        UseCulture(culture);
        var cut = RenderTable();

        Assert.Equal([plain, retry, said, details, requests], StateLines(cut, Ana)); // the requests as its history lists them
        Assert.Empty(StateLines(cut, Bo)); // sent: no error to tell
    }

    [Fact]
    public async Task FailedRow_ProviderRepeatingTheCatalogue_IsNotSaidTwice()
    {
        await using (var db = await _s.DbAsync(Ct))
        {
            var d = db.Deliveries.Single(x => x.Phone == Ana);
            (d.LastCode, d.LastSubcode, d.LastMessage) = (10100, 0, "invalid parameter");
            await db.SaveChangesAsync(Ct);
        }

        var cut = RenderTable();

        Assert.Equal(
        [
            "The provider refused a value in the message: check the number and the message (10100)",
            "Retrying won't help: fix the number or the message first",
            "Subcode 0 · request req-3",
            "1 contact check, 2 sends",
        ], StateLines(cut, Ana));
        Assert.DoesNotContain("invalid parameter", cut.Markup, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ExportLink_FollowsTheStateFilter()
    {
        var cut = RenderTable();
        var link = () => cut.FindAll("a").Single(a => a.TextContent.Contains("Export CSV", StringComparison.Ordinal));
        Assert.Equal($"/broadcasts/{_broadcastId}/deliveries.csv", link().GetAttribute("href"));

        var select = cut.FindComponents<MudSelect<DeliveryState?>>().Single();
        await cut.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync(DeliveryState.Failed));

        cut.WaitForAssertion(() => Assert.Equal($"/broadcasts/{_broadcastId}/deliveries.csv?state=Failed", link().GetAttribute("href")));
        Assert.Equal("Export CSV: Failed", link().TextContent.Trim());
        Assert.Equal($"broadcast-{_broadcastId}-deliveries-failed.csv", link().GetAttribute("download"));
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("button[aria-expanded]")));
    }
}
