using Microsoft.EntityFrameworkCore;
using BotHub.Admin.Data;
using BotHub.Admin.Features.Broadcasts;
using BotHub.Admin.Features.Sending;
using BotHub.Admin.Features.Users;
using BotHub.Admin.Tests.Infrastructure;
using BotHub.Admin.Tests.Unit.Recipients;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using static BotHub.Admin.Tests.Infrastructure.BroadcastSeed;
using BotHub.Admin.Features.Security;

namespace BotHub.Admin.Tests.Components.Broadcasts;

/// <summary>The broadcasts list on the real query over a migrated Sqlite file: its filters, its empty states, its live reloads.</summary>
public sealed class BroadcastsPageTests : BunitTestBase, IAsyncLifetime
{
    private static readonly DateTime Day1 = new(2025, 3, 1, 9, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Day5 = new(2025, 3, 5, 23, 30, 0, DateTimeKind.Utc);
    private static readonly DateTime Day9 = new(2025, 3, 9, 0, 15, 0, DateTimeKind.Utc);

    private readonly ProgressNotifier _notifier = new();
    private RecipientServices _s = null!;

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _s = await RecipientServices.CreateAsync(Ct, s => s.AddSingleton<BroadcastQuery>());
        Services.AddSingleton<TimeProvider>(_s.Time);
        Services.AddSingleton(_s.Get<BroadcastQuery>());
        Services.AddSingleton(_notifier);
        SignInAs(Roles.Staff);
    }

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        await base.DisposeAsync();
        await _s.DisposeAsync();
    }

    private Task<AppDbContext> DbAsync() => _s.DbAsync(Ct);

    /// <summary>Two channels; on "North": a sending broadcast (day 1) and a completed one (day 5); on "South": a completed one (day 9).</summary>
    private async Task<(int North, int South, int[] Ids)> SeedThreeAsync()
    {
        await using var db = await DbAsync();
        var north = await db.AddChannelAsync("North");
        var south = await db.AddChannelAsync("South");
        var a = await db.AddBroadcastAsync(north, BroadcastState.Sending, Day1, "first",
            Delivery("+4915200000001", DeliveryState.Sent), Delivery("+4915200000002", DeliveryState.Queued));
        var b = await db.AddBroadcastAsync(north, BroadcastState.Completed, Day5, "second",
            Delivery("+4915200000003", DeliveryState.Sent), Delivery("+4915200000004", DeliveryState.Queued).Failed(41019));
        var c = await db.AddBroadcastAsync(south, BroadcastState.Completed, Day9, "third", Delivery("+4915200000005", DeliveryState.Sent));
        return (north, south, [a.Id, b.Id, c.Id]);
    }

    private IRenderedComponent<BroadcastsPage> RenderPage()
    {
        var host = Render(b =>
        {
            b.OpenComponent<MudPopoverProvider>(0);
            b.CloseComponent();
            b.OpenComponent<BroadcastsPage>(1);
            b.CloseComponent();
        });
        return host.FindComponent<BroadcastsPage>();
    }

    /// <summary>The ids in the grid's first column, top to bottom.</summary>
    private static List<string> Ids(IRenderedComponent<BroadcastsPage> cut) =>
        cut.FindAll("tbody tr.mud-table-row td:first-child a").Select(a => a.TextContent.Trim()).ToList();

    private static Task SetAsync<T>(IRenderedComponent<BroadcastsPage> cut, string label, T value)
    {
        var select = cut.FindComponents<MudSelect<T>>().Single(s => s.Instance.Label == label);
        return cut.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync(value));
    }

    private static Task SetDatesAsync(IRenderedComponent<BroadcastsPage> cut, DateTime? from, DateTime? to)
    {
        var picker = cut.FindComponent<MudDateRangePicker>();
        return cut.InvokeAsync(() => picker.Instance.DateRangeChanged.InvokeAsync(new DateRange(from, to)));
    }

    [Fact]
    public async Task NamedBroadcast_ShowsItsNameAboveItsMessage_Isolated()
    {
        var (_, _, ids) = await SeedThreeAsync();
        await using (var db = await DbAsync())
        {
            // A right-to-left override in a name must not reorder the text beside it.
            await db.Broadcasts.Where(b => b.Id == ids[2]).ExecuteUpdateAsync(u => u.SetProperty(b => b.Name, "Spring sale \u202E"), Ct);
        }

        var cut = RenderPage();

        cut.WaitForAssertion(() => Assert.Equal(3, Ids(cut).Count));
        var named = cut.FindAll("tbody tr.mud-table-row")[0];
        Assert.Equal("Spring sale \u202E", named.QuerySelector(".broadcast-name bdi")!.TextContent);
        Assert.Equal("third", named.QuerySelector(".broadcast-template bdi")!.TextContent);
        Assert.Null(cut.FindAll("tbody tr.mud-table-row")[1].QuerySelector(".broadcast-name"));
    }

    [Fact]
    public async Task Grid_ShowsEveryBroadcastNewestFirst_WithChannelStateAndProgress()
    {
        var (_, _, ids) = await SeedThreeAsync();

        var cut = RenderPage();

        cut.WaitForAssertion(() => Assert.Equal(ids.Reverse().Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), Ids(cut)));
        var second = cut.FindAll("tbody tr.mud-table-row")[1];
        Assert.Contains("North", second.TextContent, StringComparison.Ordinal);
        Assert.Contains("Completed with 1 failed", second.TextContent, StringComparison.Ordinal);
        Assert.Contains("1 of 2 sent", second.TextContent, StringComparison.Ordinal);
        Assert.Contains("1 failed", second.TextContent, StringComparison.Ordinal);
        Assert.Contains("2025-03-05 23:30", second.TextContent, StringComparison.Ordinal);
        // Done, but only half of it sent: the bar is of parts, not one fill of "done".
        Assert.Equal("1 sent · 1 failed", second.QuerySelector(".outcome-bar[role=img]")!.GetAttribute("aria-label"));
        Assert.Equal(["width: 50%", "width: 50%"], second.QuerySelectorAll(".outcome-part").Select(p => p.GetAttribute("style")));

        var sending = cut.FindAll("tbody tr.mud-table-row")[2];
        Assert.Contains("1 of 2 sent", sending.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("failed", sending.TextContent, StringComparison.Ordinal);
        Assert.Equal("1 sent · 1 to go", sending.QuerySelector(".outcome-bar[role=img]")!.GetAttribute("aria-label"));
        Assert.Contains("Sending", sending.TextContent, StringComparison.Ordinal);
        Assert.Contains("Times and dates are in UTC, your time zone.", cut.Markup, StringComparison.Ordinal);
        Assert.Contains("Created (UTC)", cut.Find("thead").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PersonInShanghai_SeesTimesAndFiltersDaysInTheirZone_Named()
    {
        var (_, _, ids) = await SeedThreeAsync();
        UseZone("Asia/Shanghai");

        var cut = RenderPage();

        cut.WaitForAssertion(() => Assert.Equal(3, Ids(cut).Count));
        // 5 March 23:30 UTC is 6 March 07:30 in Shanghai; the header and the caption say so.
        Assert.Contains("2025-03-06 07:30", cut.FindAll("tbody tr.mud-table-row")[1].TextContent, StringComparison.Ordinal);
        Assert.Contains("Created (Asia/Shanghai)", cut.Find("thead").TextContent, StringComparison.Ordinal);
        Assert.Contains("Times and dates are in Asia/Shanghai, your time zone.", cut.Markup, StringComparison.Ordinal);

        // "2 to 5 March" are Shanghai's days: the broadcast of 6 March 07:30 there is not in them, and is in "6 March".
        await SetDatesAsync(cut, new DateTime(2025, 3, 2), new DateTime(2025, 3, 5));
        cut.WaitForAssertion(() => Assert.Empty(Ids(cut)));
        await SetDatesAsync(cut, new DateTime(2025, 3, 6), new DateTime(2025, 3, 6));
        cut.WaitForAssertion(() => Assert.Equal([$"{ids[1]}"], Ids(cut)));
    }

    [Fact]
    public async Task Filters_ArePassedToTheQuery_AndNarrowTheRowsInTheDatabase()
    {
        var (north, south, ids) = await SeedThreeAsync();
        var cut = RenderPage();
        cut.WaitForAssertion(() => Assert.Equal(3, Ids(cut).Count));

        await SetAsync<BroadcastState?>(cut, "State", BroadcastState.Completed);
        Assert.Equal(new BroadcastFilter(BroadcastState.Completed, Zone: TimeZoneInfo.Utc), cut.Instance.Filter);
        cut.WaitForAssertion(() => Assert.Equal([$"{ids[2]}", $"{ids[1]}"], Ids(cut)));

        await SetAsync<int?>(cut, "Channel", north);
        Assert.Equal(new BroadcastFilter(BroadcastState.Completed, north, Zone: TimeZoneInfo.Utc), cut.Instance.Filter);
        cut.WaitForAssertion(() => Assert.Equal([$"{ids[1]}"], Ids(cut)));

        await SetAsync<BroadcastState?>(cut, "State", null);
        await SetAsync<int?>(cut, "Channel", south);
        cut.WaitForAssertion(() => Assert.Equal([$"{ids[2]}"], Ids(cut)));

        // Dates are whole days of the person's zone (here UTC), both ends included: 5 March 23:30 is in "2 to 5 March", 1 March and 9 March are not.
        await SetAsync<int?>(cut, "Channel", null);
        await SetDatesAsync(cut, new DateTime(2025, 3, 2), new DateTime(2025, 3, 5));
        Assert.Equal(new BroadcastFilter(null, null, new DateOnly(2025, 3, 2), new DateOnly(2025, 3, 5), Zone: TimeZoneInfo.Utc), cut.Instance.Filter);
        cut.WaitForAssertion(() => Assert.Equal([$"{ids[1]}"], Ids(cut)));

        await SetDatesAsync(cut, new DateTime(2025, 3, 2), null);
        cut.WaitForAssertion(() => Assert.Equal([$"{ids[2]}", $"{ids[1]}"], Ids(cut)));
    }

    [Fact]
    public async Task FiltersMatchNothing_SayNoMatch_NotNoBroadcastsYet_AndClearFiltersBringsAllBack()
    {
        var (_, south, _) = await SeedThreeAsync();
        var cut = RenderPage();
        cut.WaitForAssertion(() => Assert.Equal(3, Ids(cut).Count));

        await SetAsync<BroadcastState?>(cut, "State", BroadcastState.Sending);
        await SetAsync<int?>(cut, "Channel", south);

        cut.WaitForAssertion(() => Assert.Contains("No broadcasts match these filters.", cut.Markup, StringComparison.Ordinal));
        Assert.Empty(Ids(cut));
        Assert.DoesNotContain("No broadcasts yet", cut.Markup, StringComparison.Ordinal);

        await cut.InvokeAsync(() => cut.FindAll("button").Single(b => b.TextContent.Contains("Clear filters", StringComparison.Ordinal)).Click());
        cut.WaitForAssertion(() => Assert.Equal(3, Ids(cut).Count));
        Assert.Equal(new BroadcastFilter(Zone: TimeZoneInfo.Utc), cut.Instance.Filter);
    }

    [Fact]
    public async Task TestSends_AreHiddenByDefault_AndShownMarkedTest_WhenTheSwitchIsOn_WhichTheAddressKeeps()
    {
        var (_, _, ids) = await SeedThreeAsync();
        await using (var db = await DbAsync())
        {
            await db.Broadcasts.Where(b => b.Id == ids[1]).ExecuteUpdateAsync(u => u.SetProperty(b => b.IsTest, true), Ct);
        }

        var cut = RenderPage();

        cut.WaitForAssertion(() => Assert.Equal([$"{ids[2]}", $"{ids[0]}"], Ids(cut)));
        Assert.False(cut.Instance.Filter.ShowTests);
        Assert.Empty(cut.FindAll("[data-testid=test-send]"));
        var toggle = cut.FindComponents<MudSwitch<bool>>().Single(s => s.Instance.Label == "Show test sends");
        Assert.Equal("false", cut.Find("input[role=switch]").GetAttribute("aria-checked"));

        await cut.InvokeAsync(() => toggle.Instance.ValueChanged.InvokeAsync(true));

        Assert.True(cut.Instance.Filter.ShowTests);
        cut.WaitForAssertion(() => Assert.Equal([$"{ids[2]}", $"{ids[1]}", $"{ids[0]}"], Ids(cut)));
        var marked = Assert.Single(cut.FindAll("[data-testid=test-send]"));
        Assert.Equal("Test", marked.TextContent.Trim());
        Assert.Same(marked.Closest("tr"), cut.FindAll("tbody tr.mud-table-row")[1]);
        Assert.EndsWith("?tests=show", Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().Uri, StringComparison.Ordinal);

        await cut.InvokeAsync(() => cut.FindComponents<MudSwitch<bool>>().Single(s => s.Instance.Label == "Show test sends").Instance.ValueChanged.InvokeAsync(false));

        cut.WaitForAssertion(() => Assert.Equal([$"{ids[2]}", $"{ids[0]}"], Ids(cut)));
        Assert.DoesNotContain("tests=", Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().Uri, StringComparison.Ordinal);
    }

    [Fact]
    public void NoBroadcastsAtAll_ShowsTheEmptyState_WithoutFilters()
    {
        var cut = RenderPage();

        cut.WaitForAssertion(() => Assert.Contains("No broadcasts yet", cut.Markup, StringComparison.Ordinal));
        Assert.Empty(cut.FindComponents<MudSelect<BroadcastState?>>());
        Assert.Empty(cut.FindAll("table"));
    }

    [Fact]
    public async Task EngineEvents_ReloadTheShownProgress_AndTheSubscriptionEndsWithThePage()
    {
        await using var db = await DbAsync();
        var channel = await db.AddChannelAsync("North");
        var b = await db.AddBroadcastAsync(channel, BroadcastState.Sending, Day1, "live",
            Delivery("+4915200000011", DeliveryState.Queued), Delivery("+4915200000012", DeliveryState.Queued));
        var cut = RenderPage();
        cut.WaitForAssertion(() => Assert.Contains("0 of 2 sent", cut.Markup, StringComparison.Ordinal));
        Assert.True(_notifier.HasSubscribers);

        db.ChangeTracker.Clear();
        foreach (var d in db.Deliveries.Where(d => d.BroadcastId == b.Id))
        {
            d.State = DeliveryState.Sent;
        }

        await db.SaveChangesAsync(Ct);
        _notifier.Publish(new EngineEvent(EngineEventKind.Deliveries, b.Id, channel));

        cut.WaitForAssertion(() => Assert.Contains("2 of 2 sent", cut.Markup, StringComparison.Ordinal));

        // A broadcast not on the page changing its deliveries is no reason to reload; its change of state is.
        (await db.Broadcasts.FindAsync([b.Id], Ct))!.State = BroadcastState.Completed;
        await db.SaveChangesAsync(Ct);
        _s.Time.Advance(BroadcastsPage.ReloadInterval);
        _notifier.Publish(new EngineEvent(EngineEventKind.Deliveries, b.Id + 100, channel));
        Assert.Contains("Sending", cut.Find("tbody tr.mud-table-row").TextContent, StringComparison.Ordinal);
        _notifier.Publish(new EngineEvent(EngineEventKind.Broadcast, b.Id, channel));
        cut.WaitForAssertion(() => Assert.Contains("Completed", cut.Find("tbody tr.mud-table-row").TextContent, StringComparison.Ordinal));

        await DisposeComponentsAsync();
        Assert.False(_notifier.HasSubscribers);
    }

    [Fact]
    public async Task FirstBroadcastArrivingWhileEmpty_ReplacesTheEmptyStateWithTheGrid()
    {
        var cut = RenderPage();
        cut.WaitForAssertion(() => Assert.Contains("No broadcasts yet", cut.Markup, StringComparison.Ordinal));

        await using (var db = await DbAsync())
        {
            var channel = await db.AddChannelAsync("North");
            var b = await db.AddBroadcastAsync(channel, BroadcastState.Sending, Day1, "new", Delivery("+4915200000021", DeliveryState.Queued));
            _notifier.Publish(new EngineEvent(EngineEventKind.Broadcast, b.Id, channel));
        }

        cut.WaitForAssertion(() => Assert.Single(Ids(cut)));
    }

    [Fact]
    public async Task Chinese_ShowsTheFiltersAndProgressInChinese()
    {
        UseCulture("zh-CN");
        await SeedThreeAsync();

        var cut = RenderPage();

        cut.WaitForAssertion(() => Assert.Equal(3, Ids(cut).Count));
        Assert.Contains("已发送 1 / 2", cut.Markup, StringComparison.Ordinal);
        Assert.Contains("1 条失败", cut.Markup, StringComparison.Ordinal);
        Assert.Contains(cut.FindComponents<MudSelect<int?>>(), s => s.Instance.Label == "渠道");
        Assert.Contains("时间和日期均按你的时区 UTC 显示", cut.Markup, StringComparison.Ordinal);
    }
}
