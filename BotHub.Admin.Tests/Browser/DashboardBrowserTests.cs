using System.Text.RegularExpressions;
using BotHub.Admin.Features.Users;
using BotHub.Admin.Tests.Infrastructure;
using BotHub.Admin.Tests.Integration.Sending;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using BotHub.Admin.Features.Sending;
using BotHub.Admin.Features.Security;

namespace BotHub.Admin.Tests.Browser;

/// <summary>The home dashboard while the engine sends: the running broadcast moves and leaves, its failures appear decoded.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DashboardBrowserTests(BrowserFixture browser, LiveTestApp app) : IClassFixture<LiveTestApp>
{
    private const string ManagerEmail = "dash.manager@test.local";
    private const string ManagerPassword = "dash manager passphrase";

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    [Fact]
    public async Task Staff_WatchesABroadcastRunAndEnd_OnTheDashboard_FailuresDecoded_NoQuotaOrHealthCards()
    {
        await app.EnsureStaffAsync();
        var (channelId, bot) = await app.ChannelAtAsync(ratePerSecond: 4, Ct);
        var users = EngineTestApp.NewUsers(30);
        await app.WriteInAsync(bot, users, Ct);
        var page = await browser.NewPageAsync(app);
        await page.SignInAndWaitAsync(LiveTestApp.StaffEmail, LiveTestApp.StaffPassword);

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByText("No broadcast is running")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Today's quota" })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Channel health" })).ToHaveCountAsync(0);

        // A fifth of the sends are refused for good: 60 requests at 4/s, about 15 s of sending, watched from the dashboard.
        await app.SetFaultsAsync("""{"error_rates": {"10100": 0.2}}""", Ct);
        try
        {
            var id = await app.BroadcastAsync(channelId, users, Ct);
            // MudBlazor's lists are listboxes: each broadcast is an option that opens its page.
            var running = page.GetByRole(AriaRole.Listbox, new() { Name = "Running broadcasts" });
            var row = running.GetByRole(AriaRole.Option).Filter(new() { HasText = $"Broadcast #{id}" });
            await Expect(row).ToBeVisibleAsync(new() { Timeout = 15_000 });
            await Expect(row).ToContainTextAsync("Sending");
            var first = await SentAsync(row);
            await Expect(row).Not.ToContainTextAsync($"{first} of 30 sent", new() { Timeout = 15_000 });

            // The end: the broadcast leaves the card, and its failures are listed with the decoded error, linking to it.
            await Expect(page.GetByText("No broadcast is running")).ToBeVisibleAsync(new() { Timeout = 60_000 });
            var failures = page.GetByRole(AriaRole.Listbox, new() { Name = "Recent failures" });
            await Expect(failures.GetByRole(AriaRole.Option).First).ToContainTextAsync("check the number and the message (10100)", new() { Timeout = 10_000 });
            await failures.GetByRole(AriaRole.Option).First.ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Broadcast #{id}", Level = 1 })).ToBeVisibleAsync();
        }
        finally
        {
            await app.SetFaultsAsync("{}", CancellationToken.None);
        }
    }

    [Fact]
    public async Task Manager_SeesTodaysQuota_ButNotChannelHealth()
    {
        await app.CreateUserAsync(ManagerEmail, ManagerPassword, Roles.Manager);
        await app.ChannelAtAsync(ratePerSecond: 4, Ct);
        var page = await browser.NewPageAsync(app);
        await page.SignInAndWaitAsync(ManagerEmail, ManagerPassword);

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Today's quota" })).ToBeVisibleAsync();
        await Expect(page.GetByText(new Regex(@"^\d[\d,]* / 1,000 users today$")).First).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Channel health" })).ToHaveCountAsync(0);
    }

    private static async Task<int> SentAsync(ILocator row)
    {
        var text = await row.InnerTextAsync();
        return int.Parse(Regex.Match(text, @"(\d+) of 30 sent").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }
}
