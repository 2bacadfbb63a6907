using BotHub.Admin.Components.Account;
using BotHub.Admin.Features.Channels;
using BotHub.Admin.Features.Recipients;
using BotHub.Admin.Features.Users;
using BotHub.Admin.Tests.Unit.Recipients;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using BotHub.Admin.Features.Audit;
using BotHub.Admin.Features.Security;

namespace BotHub.Admin.Tests.Components.Recipients;

/// <summary>The recipients page on a real query over a migrated Sqlite file, with a fake clock.</summary>
public sealed class RecipientsPageTests : BunitTestBase, IAsyncLifetime
{
    private RecipientServices _s = null!;

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _s = await RecipientServices.CreateAsync(Ct);
        Services.AddSingleton<TimeProvider>(_s.Time);
        Services.AddSingleton(_s.Get<RecipientQuery>());
        Services.AddSingleton(_s.Get<RecipientBulk>());
        Services.AddSingleton(_s.Get<RecipientDetailsQuery>());
        Services.AddSingleton(_s.Get<ChannelDirectory>());
        Services.AddSingleton(_s.Get<BotHub.Admin.Features.Recipients.SavedSelections>());
        Services.AddScoped<ClientAddress>();
        Services.AddScoped<CurrentActor>();
        SignInAs(Roles.Staff);
    }

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        await base.DisposeAsync();
        await _s.DisposeAsync();
    }

    private IRenderedComponent<RecipientsPage> RenderPage()
    {
        var host = Render(b =>
        {
            b.OpenComponent<MudPopoverProvider>(0);
            b.CloseComponent();
            b.OpenComponent<RecipientsPage>(1);
            b.CloseComponent();
        });
        return host.FindComponent<RecipientsPage>();
    }

    private static List<string> Phones(IRenderedComponent<RecipientsPage> cut) =>
        cut.FindAll("tbody tr.mud-table-row td:nth-child(2)").Select(td => td.TextContent.Trim()).ToList();

    private static Task SetAsync<T>(IRenderedComponent<RecipientsPage> cut, string label, T value)
    {
        var select = cut.FindComponents<MudSelect<T>>().Single(s => s.Instance.Label == label);
        return cut.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync(value));
    }

    [Fact]
    public async Task Grid_ShowsRowsAndTotal()
    {
        await _s.SeedAsync(30, OptInStatus.OptedIn, ["spring"], Ct);

        var cut = RenderPage();

        cut.WaitForAssertion(() => Assert.Equal(25, Phones(cut).Count));
        Assert.Contains("+4915100000001", Phones(cut));
        Assert.Contains("All 30 recipients", cut.Markup, StringComparison.Ordinal);
        Assert.Contains("1-25 of 30", cut.Markup, StringComparison.Ordinal);
        Assert.Contains("spring", cut.Find("tbody tr.mud-table-row").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FilterByTagAndOptIn_NarrowsTheRows()
    {
        await _s.SeedAsync(4, OptInStatus.OptedIn, ["vip"], Ct);
        await _s.SeedAsync(3, OptInStatus.OptedOut, ["vip"], Ct, first: 10);
        await _s.SeedAsync(5, OptInStatus.OptedIn, [], Ct, first: 20);
        var cut = RenderPage();
        cut.WaitForAssertion(() => Assert.Equal(12, Phones(cut).Count));

        await SetAsync<string>(cut, "Tag", "vip");
        cut.WaitForAssertion(() => Assert.Equal(7, Phones(cut).Count));
        Assert.Contains("All 7 matching the filter", cut.Markup, StringComparison.Ordinal);

        await SetAsync<OptInStatus?>(cut, "Opt-in state", OptInStatus.OptedOut);
        cut.WaitForAssertion(() => Assert.Equal(["+4915100000010", "+4915100000011", "+4915100000012"], Phones(cut)));
    }

    [Fact]
    public async Task Search_NarrowsToMatchingNameOrPhone()
    {
        await _s.SeedAsync(12, OptInStatus.OptedIn, [], Ct);
        var cut = RenderPage();
        cut.WaitForAssertion(() => Assert.Equal(12, Phones(cut).Count));

        var search = cut.FindComponents<MudTextField<string>>().Single(t => t.Instance.Label == "Search phone or name");
        await cut.InvokeAsync(() => search.Instance.ValueChanged.InvokeAsync("Person 11"));

        cut.WaitForAssertion(() => Assert.Equal(["+4915100000011"], Phones(cut)));
    }

    [Fact]
    public void NoRecipients_ShowsHonestEmptyState()
    {
        var cut = RenderPage();

        cut.WaitForAssertion(() => Assert.Contains("No recipients yet", cut.Markup, StringComparison.Ordinal));
        Assert.Contains("when users write to one of your channels, or when a list is imported", cut.Markup, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("table"));
    }

    [Fact]
    public async Task ChannelChosen_EligibleColumnShowsUntilMidnightInZone_OrTheReason()
    {
        var channel = await _s.AddChannelAsync("Shanghai bot", "Asia/Shanghai", Ct);
        var ids = await _s.SeedAsync(3, OptInStatus.OptedIn, [], Ct);
        var optedOut = await _s.SeedAsync(1, OptInStatus.OptedOut, [], Ct, first: 4);
        var now = RecipientServices.Now.UtcDateTime; // 14:00 in Shanghai
        await _s.AddInboundAsync(ids[0], channel, now.AddHours(-5), Ct); // 09:00 today there (midnight was 16:00 UTC)
        await _s.AddInboundAsync(ids[1], channel, now.AddHours(-15), Ct); // 23:00 yesterday there
        await _s.AddInboundAsync(optedOut[0], channel, now.AddHours(-1), Ct);
        var cut = RenderPage();
        cut.WaitForAssertion(() => Assert.Equal(4, Phones(cut).Count));
        Assert.DoesNotContain("Eligible now on", cut.Markup, StringComparison.Ordinal);

        await SetAsync<int?>(cut, "Channel", channel);

        cut.WaitForAssertion(() => Assert.Contains("Eligible now on Shanghai bot", cut.Markup, StringComparison.Ordinal));
        var cells = cut.FindAll("tbody tr.mud-table-row")
            .ToDictionary(tr => tr.QuerySelector("td:nth-child(2)")!.TextContent.Trim(), tr => tr.QuerySelector("td:nth-child(6)")!.TextContent.Trim());
        Assert.Equal("Eligible until 00:00 channel time (Asia/Shanghai), 16:00 your time (UTC)", cells["+4915100000001"]);
        Assert.Equal("No message today", cells["+4915100000002"]);
        Assert.Equal("No message today", cells["+4915100000003"]);
        Assert.Equal("Opted out", cells["+4915100000004"]);
    }
}
