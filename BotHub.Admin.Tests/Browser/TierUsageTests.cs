using BotHub.Admin.Data;
using BotHub.Admin.Features.Broadcasts;
using BotHub.Admin.Features.Recipients;
using BotHub.Admin.Features.Tiers;
using BotHub.Admin.Features.Users;
using BotHub.Admin.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using BotHub.Admin.Features.Sending;
using BotHub.Admin.Features.Channels;
using BotHub.Admin.Features.Security;

namespace BotHub.Admin.Tests.Browser;

/// <summary>The tier usage page in Chromium: a manager reads a channel's charts; staff cannot open it.</summary>
[Collection(BrowserCollection.Name)]
public sealed class TierUsageTests(BrowserFixture browser, TestApp app) : IClassFixture<TestApp>, IAsyncLifetime
{
    private const string ManagerEmail = "tiers.manager@test.local";
    private const string ManagerPassword = "tiers manager passphrase";
    private const string StaffEmail = "tiers.staff@test.local";
    private const string StaffPassword = "tiers staff passphrase";

    private static string _harbour = "";
    private static int _broadcast;

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    /// <summary>"Harbour" (UTC) notified 40 users a day for the last five days, the last two by one broadcast; "Quiet" nobody.</summary>
    public async ValueTask InitializeAsync()
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(Ct);
        if (await db.Channels.AnyAsync(Ct))
        {
            return;
        }

        await app.CreateUserAsync(ManagerEmail, ManagerPassword, Roles.Manager);
        await app.CreateUserAsync(StaffEmail, StaffPassword, Roles.Staff);
        var harbour = await db.AddChannelAsync("Harbour");
        await db.AddChannelAsync("Quiet");
        _harbour = (await db.Channels.SingleAsync(c => c.Id == harbour, Ct)).BotPhone;
        var now = DateTime.UtcNow;
        var broadcast = await db.AddBroadcastAsync(harbour, BroadcastState.Completed, now.AddDays(-1), "Harbour festival");
        _broadcast = broadcast.Id;
        var recipients = Enumerable.Range(1, 40).Select(i => new Recipient
        {
            Phone = $"+86139{i:D8}", Name = $"Guest {i}", OptIn = OptInStatus.OptedIn, CreatedUtc = now,
        }).ToList();
        db.Recipients.AddRange(recipients);
        await db.SaveChangesAsync(Ct);
        var today = DateOnly.FromDateTime(now);
        for (var back = 0; back < 5; back++)
        {
            db.QuotaUses.AddRange(recipients.Select(r => new QuotaUse
            {
                ChannelId = harbour, Day = today.AddDays(-back), RecipientId = r.Id, AtUtc = now.AddDays(-back),
                BroadcastId = back < 2 ? _broadcast : null,
            }));
        }

        await db.SaveChangesAsync(Ct);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task Manager_SeesAChannelsTierCharts_SwitchesTheRange_Downloads_AndCannotOpenKeys()
    {
        var page = await browser.NewPageAsync(app);
        await page.SignInAndWaitAsync(ManagerEmail, ManagerPassword);
        await page.Navigation().GetByRole(AriaRole.Link, new() { Name = "Tier usage" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Tier usage", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByText("a user notified on two channels counts on each")).ToBeVisibleAsync();

        await page.SelectAsync("Channel", $"Harbour ({_harbour})");
        var today = page.GetByRole(AriaRole.Region, new() { Name = "Today" });
        await Expect(today.GetByTestId("today-used")).ToHaveTextAsync("40");
        await Expect(today).ToContainTextAsync("960 remaining today");
        await Expect(page.GetByRole(AriaRole.Img, new() { Name = "Bar chart of 7 days: 200 distinct users in all, at most 40 on one day; the tier limit is 1,000 a day." }))
            .ToBeVisibleAsync();
        var upgrade = page.GetByRole(AriaRole.Region, new() { Name = "Tier and upgrade" });
        await Expect(upgrade).ToContainTextAsync("40 of 2,000 distinct users in the last 7 days");
        await Expect(upgrade).ToContainTextAsync("286 distinct users a day for 7 days would earn tier 2");
        var perBroadcast = page.GetByRole(AriaRole.Region, new() { Name = "Per broadcast" });
        await Expect(perBroadcast.GetByRole(AriaRole.Link, new() { Name = $"#{_broadcast}" })).ToHaveCountAsync(2);

        var chart = page.GetByRole(AriaRole.Img, new() { NameRegex = new("^Bar chart") });
        // A bar is a thick stroke on a zero-width path, which Playwright calls invisible: hover it regardless.
        await chart.Locator("svg path.mud-chart-bar").Last.HoverAsync(new() { Force = true });
        var tooltip = chart.Locator("g.mud-charts-tooltip");
        await Expect(tooltip).ToContainTextAsync(DateTime.UtcNow.ToString("MM-dd", System.Globalization.CultureInfo.InvariantCulture) + ": distinct users");
        await Expect(tooltip).ToContainTextAsync("40");

        await page.SelectAsync("Range", "Last 30 days");
        await Expect(page.GetByRole(AriaRole.Img, new() { NameRegex = new("^Bar chart of 30 days: 200 distinct users") })).ToBeVisibleAsync();

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Export CSV" }).ClickAsync());
        Assert.Equal("tier-usage-30d.csv", download.SuggestedFilename);
        var bytes = await File.ReadAllBytesAsync((await download.PathAsync())!, Ct);
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var lines = System.Text.Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(TierUsageCsv.Header, lines[0]);
        Assert.Equal(1 + 30 + 5, lines.Length); // a row a day, then a row per day and broadcast (3 days unrecorded, 2 by the broadcast)

        await page.SetViewportSizeAsync(390, 844);
        await Task.Delay(500, Ct);
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        Assert.True(overflow <= 0, $"the page is {overflow} px wider than a 390 px screen");

        await page.GotoAsync("/keys");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Access denied" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Staff_SeesNoTierOrKeysEntries_AndGetsAccessDeniedOnTiers()
    {
        var page = await browser.NewPageAsync(app);
        await page.SignInAndWaitAsync(StaffEmail, StaffPassword);

        await Expect(page.Navigation().GetByRole(AriaRole.Link, new() { Name = "Broadcasts" })).ToBeVisibleAsync();
        await Expect(page.Navigation().GetByRole(AriaRole.Link, new() { Name = "Tier usage" })).ToHaveCountAsync(0);
        await Expect(page.Navigation().GetByRole(AriaRole.Link, new() { Name = "API keys" })).ToHaveCountAsync(0);

        await page.GotoAsync("/tiers");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Access denied" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Tier usage" })).ToHaveCountAsync(0);
        var export = await page.APIRequest.GetAsync("/tiers/export.csv", new() { MaxRedirects = 0 });
        Assert.NotEqual(200, export.Status);
    }
}
