using BotHub.Admin.Features.Broadcasts;
using BotHub.Admin.Features.Broadcasts.Live;
using BotHub.Admin.Features.Provider;
using BotHub.Admin.Features.Recipients;
using BotHub.Admin.Features.Sending;
using BotHub.Admin.Tests.Infrastructure;
using BotHub.Admin.Tests.Unit.Recipients;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace BotHub.Admin.Tests.Components.Broadcasts;

/// <summary>A broadcast's failures table on the real <see cref="BroadcastFailures"/> over a migrated Sqlite file.</summary>
public sealed class FailuresTableTests : BunitTestBase, IAsyncLifetime
{
    private RecipientServices _s = null!;
    private int _channel;

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _s = await RecipientServices.CreateAsync(Ct, s => s.AddSingleton<BroadcastFailures>());
        Services.AddSingleton(_s.Get<BroadcastFailures>());
        _channel = await _s.AddChannelAsync("Shanghai bot", "Asia/Shanghai", Ct);
    }

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        await base.DisposeAsync();
        await _s.DisposeAsync();
    }

    private sealed record Seed(string Phone, DeliveryState State, int? Code = null, int? Subcode = null, string? Message = null,
        string? RequestId = null, int Attempts = 0, int? RecipientId = null);

    private async Task<int> BroadcastAsync(params Seed[] deliveries)
    {
        await using var db = await _s.DbAsync(Ct);
        var b = new Broadcast
        {
            ChannelId = _channel, Template = "Hello", Audience = "pasted", CreatedById = "user-1", CreatedByName = "staff@test.local",
            CreatedUtc = RecipientServices.Now.UtcDateTime, State = BroadcastState.Sending, Total = deliveries.Length,
        };
        db.Broadcasts.Add(b);
        await db.SaveChangesAsync(Ct);
        var rows = deliveries.Select((d, i) => new Delivery
        {
            BroadcastId = b.Id, ChannelId = _channel, RecipientId = d.RecipientId, Phone = d.Phone, MessageId = $"{b.Id:D4}{i:D28}",
            Text = "Hello", Sequence = i, State = d.State, Attempts = d.Attempts,
            LastCode = d.Code, LastSubcode = d.Subcode, LastMessage = d.Message, LastRequestId = d.RequestId,
        }).ToList();
        db.Deliveries.AddRange(rows);
        await db.SaveChangesAsync(Ct);

        // Each delivery's history: a contact check, then as many sends as it made.
        foreach (var (row, d) in rows.Zip(deliveries))
        {
            db.DeliveryAttempts.Add(Of(row, BroadcastSeed.Attempt(AttemptKind.Check, b.CreatedUtc, OutcomeKind.Accepted, 200)));
            for (var n = 0; n < d.Attempts; n++)
            {
                db.DeliveryAttempts.Add(Of(row, BroadcastSeed.Attempt(AttemptKind.Send, b.CreatedUtc.AddSeconds(n + 1), OutcomeKind.Transient, null, d.Code)));
            }
        }

        await db.SaveChangesAsync(Ct);
        return b.Id;

        static DeliveryAttempt Of(Delivery delivery, DeliveryAttempt attempt)
        {
            attempt.DeliveryId = delivery.Id;
            return attempt;
        }
    }

    /// <summary>Three 10100 (one with a name), one 10000 after two attempts, one unknown code, and rows that did not fail.</summary>
    private async Task<int> MixedAsync()
    {
        var people = await _s.SeedAsync(1, OptInStatus.OptedIn, [], Ct);
        return await BroadcastAsync(
            new("+8613600000001", DeliveryState.Failed, 10100, 3, "to is not valid", "req-a1", 1, people[0]),
            new("+8613600000002", DeliveryState.Sent, Attempts: 1),
            new("+8613600000003", DeliveryState.Failed, 10000, 0, "internal error, try later", "req-b2", 2),
            new("+8613600000004", DeliveryState.Failed, 10100, 7, "text.body too long", "req-c3", 1),
            new("+8613600000005", DeliveryState.Queued, 10000, 0, "internal error", "req-d4", 1), // failed once, waits for its retry
            new("+8613600000006", DeliveryState.Failed, 10100, 3, "to is not valid", "req-e5", 1),
            new("+8613600000007", DeliveryState.Failed, 12345, 1, "something new", "req-f6", 1));
    }

    private IRenderedComponent<IComponent> _host = null!;

    private IRenderedComponent<FailuresTable> RenderTable(int broadcastId)
    {
        var host = _host = Render(b =>
        {
            b.OpenComponent<MudPopoverProvider>(0);
            b.CloseComponent();
            b.OpenComponent<FailuresTable>(1);
            b.AddComponentParameter(2, nameof(FailuresTable.BroadcastId), broadcastId);
            b.CloseComponent();
        });
        return host.FindComponent<FailuresTable>();
    }

    private static List<string[]> Rows(IRenderedComponent<FailuresTable> cut) =>
        cut.FindAll("tbody tr.mud-table-row").Select(tr => tr.QuerySelectorAll("td").Select(td => Squeezed(td.TextContent)).ToArray()).ToList();

    private static string Squeezed(string text) => string.Join(' ', text.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries));

    // One plain sentence with the code, then whether a retry can help.
    private const string Unknown = "The provider answered with a code this console does not know (12345) Retrying won't help: fix the number or the message first";
    private const string Invalid = "The provider refused a value in the message: check the number and the message (10100) Retrying won't help: fix the number or the message first";
    private const string Internal = "The provider had an internal problem (10000) Retrying may help: the problem was on the provider's side or the network";

    private static List<string> Headers(IRenderedComponent<FailuresTable> cut) =>
        cut.FindAll("thead th").Select(th => th.TextContent.Trim()).Where(t => t.Length > 0).ToList();

    private static string ExportHref(IRenderedComponent<FailuresTable> cut) =>
        cut.FindAll("a").Single(a => a.TextContent.Contains("Export CSV", StringComparison.Ordinal) || a.TextContent.Contains("导出 CSV", StringComparison.Ordinal))
            .GetAttribute("href") ?? "";

    private static MudSelect<int?> CodeFilter(IRenderedComponent<FailuresTable> cut, string label = "Error code") =>
        cut.FindComponents<MudSelect<int?>>().Single(s => s.Instance.Label == label).Instance;

    /// <summary>The code filter's options as its open list shows them.</summary>
    private async Task<List<string>> CodeOptionsAsync(IRenderedComponent<FailuresTable> cut, string label = "Error code")
    {
        var select = CodeFilter(cut, label);
        await cut.InvokeAsync(() => select.OpenMenu());
        var options = _host.FindAll(".mud-popover-open [role=listbox] [role=option]").Select(o => o.TextContent.Trim()).ToList();
        await cut.InvokeAsync(() => select.CloseMenu());
        return options;
    }

    [Fact]
    public async Task Failures_ShowAPlainSentenceWithTheCode_WhetherRetryHelps_SubcodeProviderMessageRequestIdAndAttempts_LatestFirst()
    {
        var id = await MixedAsync();

        var cut = RenderTable(id);

        cut.WaitForAssertion(() => Assert.Equal(5, Rows(cut).Count));
        Assert.Equal(["Phone", "Name", "Error", "Subcode", "Provider's message", "Request id", "Requests"], Headers(cut));
        Assert.Equal(
        [
            ["+8613600000007", "", Unknown, "1", "something new", "req-f6", "1 contact check, 1 send"],
            ["+8613600000006", "", Invalid, "3", "to is not valid", "req-e5", "1 contact check, 1 send"],
            ["+8613600000004", "", Invalid, "7", "text.body too long", "req-c3", "1 contact check, 1 send"],
            ["+8613600000003", "", Internal, "0", "internal error, try later", "req-b2", "1 contact check, 2 sends"],
            ["+8613600000001", "Person 1", Invalid, "3", "to is not valid", "req-a1", "1 contact check, 1 send"],
        ], Rows(cut));
        Assert.Contains("Failures (5)", cut.Find(".mud-toolbar").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chinese_SaysEachErrorAndWhetherRetryHelpsInChinese()
    {
        UseCulture("zh-CN");
        var id = await MixedAsync();

        var cut = RenderTable(id);

        cut.WaitForAssertion(() => Assert.Equal(5, Rows(cut).Count));
        Assert.Equal(["电话", "姓名", "错误", "子码", "服务商消息", "请求 ID", "请求"], Headers(cut));
        const string invalid = "服务商认为消息中有无效的值：请检查号码和消息内容（10100） 重试无济于事：请先修正号码或消息";
        Assert.Equal(
        [
            "服务商返回了本控制台不认识的代码（12345） 重试无济于事：请先修正号码或消息", invalid, invalid,
            "服务商内部出错（10000） 重试可能有用：问题出在服务商或网络", invalid,
        ], Rows(cut).Select(r => r[2]));
        Assert.Equal("联系人检查 1 次，发送 2 次", Rows(cut)[3][6]);
        Assert.Contains("失败明细 (5)", cut.Find(".mud-toolbar").TextContent, StringComparison.Ordinal);
        Assert.Equal(["服务商认为消息中有无效的值：请检查号码和消息内容（10100） · 3", "服务商内部出错（10000） · 1", "服务商返回了本控制台不认识的代码（12345） · 1"],
            await CodeOptionsAsync(cut, "错误码"));
    }

    [Fact]
    public async Task CodeFilter_ListsEachCodeWithItsCount_MostFirst()
    {
        var id = await MixedAsync();
        var cut = RenderTable(id);
        cut.WaitForAssertion(() => Assert.Equal(5, Rows(cut).Count));

        Assert.Equal(
        [
            "The provider refused a value in the message: check the number and the message (10100) · 3",
            "The provider had an internal problem (10000) · 1",
            "The provider answered with a code this console does not know (12345) · 1",
        ], await CodeOptionsAsync(cut));
    }

    [Fact]
    public async Task CodeFilter_ShowsOnlyThatCode_AndTheExportLinkCarriesIt()
    {
        var id = await MixedAsync();
        var cut = RenderTable(id);
        cut.WaitForAssertion(() => Assert.Equal(5, Rows(cut).Count));
        Assert.Equal($"/broadcasts/{id}/failures.csv", ExportHref(cut));

        await cut.InvokeAsync(() => CodeFilter(cut).ValueChanged.InvokeAsync(10100));

        cut.WaitForAssertion(() => Assert.Equal(["+8613600000006", "+8613600000004", "+8613600000001"], Rows(cut).Select(r => r[0])));
        Assert.All(Rows(cut), r => Assert.Equal(Invalid, r[2]));
        Assert.Equal($"/broadcasts/{id}/failures.csv?code=10100", ExportHref(cut));

        await cut.InvokeAsync(() => CodeFilter(cut).ValueChanged.InvokeAsync(10000));

        cut.WaitForAssertion(() => Assert.Equal(["+8613600000003"], Rows(cut).Select(r => r[0])));
        Assert.Equal($"/broadcasts/{id}/failures.csv?code=10000", ExportHref(cut));

        // Cleared: every failure again, and the export of them all.
        await cut.InvokeAsync(() => CodeFilter(cut).ValueChanged.InvokeAsync(null));

        cut.WaitForAssertion(() => Assert.Equal(5, Rows(cut).Count));
        Assert.Equal($"/broadcasts/{id}/failures.csv", ExportHref(cut));
    }

    [Fact]
    public async Task NoFailures_SaysSo_WithTheFilterAndExportDisabled()
    {
        var id = await BroadcastAsync(new Seed("+8613600000001", DeliveryState.Sent, Attempts: 1), new Seed("+8613600000002", DeliveryState.Queued));

        var cut = RenderTable(id);

        cut.WaitForAssertion(() => Assert.Contains("No failures.", cut.Markup, StringComparison.Ordinal));
        Assert.Empty(Rows(cut));
        Assert.Contains("Failures (0)", cut.Find(".mud-toolbar").TextContent, StringComparison.Ordinal);
        Assert.True(CodeFilter(cut).Disabled);
        var export = cut.FindComponents<MudButton>().Single(b => b.Markup.Contains("Export CSV", StringComparison.Ordinal));
        Assert.True(export.Instance.Disabled);
    }

    [Fact]
    public async Task NoFailures_InChinese_SaysSo()
    {
        UseCulture("zh-CN");
        var id = await BroadcastAsync(new Seed("+8613600000001", DeliveryState.Sent, Attempts: 1));

        var cut = RenderTable(id);

        cut.WaitForAssertion(() => Assert.Contains("没有失败的消息。", cut.Markup, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Reload_PicksUpNewFailuresAndCodes()
    {
        var id = await BroadcastAsync(new Seed("+8613600000001", DeliveryState.Failed, 10100, 3, "to is not valid", "req-a1", 1));
        var cut = RenderTable(id);
        cut.WaitForAssertion(() => Assert.Single(Rows(cut)));

        await using (var db = await _s.DbAsync(Ct))
        {
            db.Deliveries.Add(new Delivery
            {
                BroadcastId = id, ChannelId = _channel, Phone = "+8613600000009", MessageId = "late", State = DeliveryState.Failed, Attempts = 2,
                LastCode = 10000, LastSubcode = 0, LastMessage = "internal error", LastRequestId = "req-z9",
            });
            await db.SaveChangesAsync(Ct);
        }

        await cut.InvokeAsync(cut.Instance.ReloadAsync);

        cut.WaitForAssertion(() => Assert.Equal(["+8613600000009", "+8613600000001"], Rows(cut).Select(r => r[0])));
        Assert.Contains("Failures (2)", cut.Find(".mud-toolbar").TextContent, StringComparison.Ordinal);
        Assert.Equal(["The provider had an internal problem (10000) · 1", "The provider refused a value in the message: check the number and the message (10100) · 1"],
            await CodeOptionsAsync(cut));
    }
}
