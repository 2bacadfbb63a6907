using BotHub.Admin.Features.Tiers;
using BotHub.Admin.Features.Users;
using BotHub.Admin.Tests.Infrastructure;
using BotHub.Admin.Tests.Unit.Recipients;
using BotHub.Admin.Tests.Unit.Tiers;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MudBlazor;
using BotHub.Admin.Features.Security;

namespace BotHub.Admin.Tests.Components.Tiers;

/// <summary>The tier page on the real query over a migrated Sqlite file: the chart's data, the range switch, both languages.</summary>
public sealed class TierUsagePageTests : BunitTestBase, IAsyncLifetime
{
    private static readonly DateOnly Today = new(2025, 3, 10);
    private RecipientServices _s = null!;
    private List<int> _users = null!;

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _s = await RecipientServices.CreateAsync(Ct, TierServices.Add);
        _users = await _s.SeedAsync(5, Features.Recipients.OptInStatus.OptedIn, [], Ct);
        Services.AddSingleton<TimeProvider>(_s.Time);
        Services.AddSingleton(_s.Get<TierUsageQuery>());
        Services.AddSingleton(_s.Get<IOptions<TierOptions>>());
        SignInAs(Roles.Manager);
    }

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        await base.DisposeAsync();
        await _s.DisposeAsync();
    }

    private async Task<int> ChannelWithHistoryAsync(string name = "Shop")
    {
        await using var db = await _s.DbAsync(Ct);
        var id = await db.AddChannelAsync(name, "Asia/Shanghai");
        db.QuotaUses.AddRange(
            Use(id, Today, 0), Use(id, Today, 1), Use(id, Today, 2),
            Use(id, Today.AddDays(-1), 0), Use(id, Today.AddDays(-3), 3));
        await db.SaveChangesAsync(Ct);
        return id;
    }

    private QuotaUse Use(int channelId, DateOnly day, int user) =>
        new() { ChannelId = channelId, Day = day, RecipientId = _users[user], AtUtc = RecipientServices.Now.UtcDateTime };

    private IRenderedComponent<TiersPage> RenderPage()
    {
        var host = Render(b =>
        {
            b.OpenComponent<MudPopoverProvider>(0);
            b.CloseComponent();
            b.OpenComponent<TiersPage>(1);
            b.CloseComponent();
        });
        var page = host.FindComponent<TiersPage>();
        page.WaitForState(() => page.Instance.Usage is not null);
        return page;
    }

    [Fact]
    public async Task OneChannel_ChartGetsDistinctUsersPerLocalDay_AndTheLimitAsASecondSeries()
    {
        await ChannelWithHistoryAsync();

        var cut = RenderPage();

        var chart = cut.FindComponent<MudChart<double>>();
        Assert.Equal(ChartType.Bar, chart.Instance.ChartType);
        Assert.Equal([0, 0, 0, 1, 0, 1, 3], chart.Instance.ChartSeries.Single().Data.Values);
        var limit = cut.FindComponent<MudBlazor.Charts.Line<double>>().Instance.ChartSeries.Single();
        Assert.Equal("Tier limit", limit.Name);
        Assert.All(limit.Data.Values, v => Assert.Equal(1_000, v));
        Assert.Equal("03-10", chart.Instance.ChartLabels[^1]);
        Assert.Equal("3", cut.Find("[data-testid=today-used]").TextContent);
        Assert.Contains("997 remaining today", cut.Markup, StringComparison.Ordinal);
        Assert.Contains("Resets at 2025-03-11 00:00 channel time (Asia/Shanghai), 2025-03-10 16:00 your time (UTC), in 10 h 0 min.", cut.Markup, StringComparison.Ordinal);
        Assert.Contains("Tier 1 governs (the lower of the two): 1,000 distinct users a day.", cut.Find("[data-testid=governing]").TextContent,
            StringComparison.Ordinal);
        // 4 distinct users over 4 active days: 1 a day never makes 2,000 in 7 days.
        Assert.Contains("286 distinct users a day for 7 days would earn tier 2", cut.Find("[data-testid=outlook]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RangeSwitch_To30Days_ReloadsWith30Bars()
    {
        await ChannelWithHistoryAsync();
        var cut = RenderPage();

        var range = cut.FindComponents<MudSelect<int>>().Single(s => s.Instance.Label == "Range");
        await cut.InvokeAsync(() => range.Instance.ValueChanged.InvokeAsync(30));

        cut.WaitForAssertion(() => Assert.Equal(30, cut.Instance.Usage!.Days.Count));
        Assert.Equal(30, cut.FindComponent<MudChart<double>>().Instance.ChartSeries.Single().Data.Count);
        var href = cut.Find("a[download]").GetAttribute("href")!;
        Assert.StartsWith("/tiers/export.csv?", href, StringComparison.Ordinal);
        Assert.Contains("days=30", href, StringComparison.Ordinal);
        Assert.Contains($"channel={cut.Instance.Usage!.ChannelId}", href, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AllChannels_SaysHowTheSumIsMade_AndListsEachChannelsTiers()
    {
        await ChannelWithHistoryAsync("North");
        await ChannelWithHistoryAsync("South");

        var cut = RenderPage();

        Assert.Null(cut.Instance.Usage!.ChannelId); // two channels: all of them first
        Assert.Contains("a user notified on two channels counts on each", cut.Markup, StringComparison.Ordinal);
        Assert.Equal(6, cut.Instance.Usage.Days[^1].Users);
        Assert.Equal(2, cut.FindAll("[aria-label=Channels] tbody tr").Count);
        Assert.Contains("Each channel's quota resets at midnight in its own time zone.", cut.Markup, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en", "Tier", "Tier 1 applies (set by admin: 1, from history: 1)")]
    [InlineData("zh-Hans", "等级", "生效等级 1（管理员设置 1，按历史推算 1）")]
    public async Task AllChannels_EachChannelsTiers_AreSaidInWords_NotAsArrows(string culture, string header, string tiers)
    {
        UseCulture(culture);
        await ChannelWithHistoryAsync("North");
        await ChannelWithHistoryAsync("South");

        var cut = RenderPage();

        var table = cut.FindAll("table").Single(t => t.QuerySelectorAll("thead th").Any(th => th.TextContent.Trim() == header));
        var column = table.QuerySelectorAll("thead th").Select(th => th.TextContent.Trim()).ToList().IndexOf(header);
        Assert.All(table.QuerySelectorAll("tbody tr"), tr => Assert.Equal(tiers, tr.QuerySelectorAll("td")[column].TextContent.Trim()));
        Assert.DoesNotContain("→", table.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheChart_DrawsAtTheSizeOfItsBox_SoItFillsTheCardAndItsLabelsKeepTheirSize()
    {
        await ChannelWithHistoryAsync();

        var cut = RenderPage();

        Assert.True(cut.FindComponent<MudChart<double>>().Instance.MatchBoundsToSize);
    }

    [Fact]
    public void NoChannels_EmptyState()
    {
        var cut = Render<TiersPage>();

        cut.WaitForAssertion(() => Assert.Contains("No channels yet", cut.Markup, StringComparison.Ordinal));
        Assert.Empty(cut.FindComponents<MudChart<double>>());
    }

    [Fact]
    public async Task ChannelWithoutHistory_EmptyStateInsteadOfTheChart()
    {
        await using (var db = await _s.DbAsync(Ct))
        {
            await db.AddChannelAsync("Quiet");
        }

        var cut = RenderPage();

        Assert.Contains("No usage yet", cut.Markup, StringComparison.Ordinal);
        Assert.Empty(cut.FindComponents<MudChart<double>>());
    }

    [Fact]
    public async Task Chinese_LabelsAndSentencesComeFromTheChineseResources()
    {
        UseCulture("zh-Hans");
        await ChannelWithHistoryAsync();

        var cut = RenderPage();

        Assert.Contains("等级用量", cut.Markup, StringComparison.Ordinal);
        Assert.Contains("今天剩余 997", cut.Markup, StringComparison.Ordinal);
        Assert.Contains("每日去重用户", cut.Markup, StringComparison.Ordinal);
        Assert.Equal("去重用户", cut.FindComponent<MudChart<double>>().Instance.ChartSeries.Single().Name);
        Assert.Contains(cut.FindComponents<MudSelect<int>>(), s => s.Instance.Label == "时间范围");
    }
}
