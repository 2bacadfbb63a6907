using System.Text.RegularExpressions;
using BotHub.Admin.Data;
using BotHub.Admin.Features.Broadcasts;
using BotHub.Admin.Features.Provider;
using BotHub.Admin.Features.Sending;
using BotHub.Admin.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static BotHub.Admin.Tests.Infrastructure.BroadcastSeed;
using static Microsoft.Playwright.Assertions;

namespace BotHub.Admin.Tests.Browser;

/// <summary>The broadcasts list in Chromium: filter it, open a broadcast, open a delivery's requests, download its deliveries.</summary>
[Collection(BrowserCollection.Name)]
public sealed partial class BroadcastsListTests(BrowserFixture browser, TestApp app) : IClassFixture<TestApp>, IAsyncLifetime
{
    private const string StaffEmail = "broadcasts.staff@test.local";
    private const string StaffPassword = "broadcasts staff passphrase";
    private const string Failing = "+4915500000002";
    private const string Hostile = "=HYPERLINK(\"http://x\")";

    private static int _target;

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    /// <summary>On "North": a sending broadcast and a completed one; on "South": a completed one (the target), with a failed delivery.</summary>
    public async ValueTask InitializeAsync()
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(Ct);
        if (await db.Broadcasts.AnyAsync(Ct))
        {
            return;
        }

        await app.CreateUserAsync(StaffEmail, StaffPassword);
        var now = DateTime.UtcNow;
        var north = await db.AddChannelAsync("North");
        var south = await db.AddChannelAsync("South");
        await db.AddBroadcastAsync(north, BroadcastState.Sending, now.AddHours(-1), "Lunch menu", Delivery("+4915500000010", DeliveryState.Queued));
        await db.AddBroadcastAsync(north, BroadcastState.Completed, now.AddHours(-2), "Opening hours", Delivery("+4915500000011", DeliveryState.Sent));
        var failing = Delivery(Failing, DeliveryState.Queued, Hostile).Failed(41019, 2, "caption missing", "req-2");
        var target = await db.AddBroadcastAsync(south, BroadcastState.Completed, now.AddHours(-3), "Spring offer",
            Delivery("+4915500000001", DeliveryState.Sent, "Ana Lima"), failing);
        await db.AddAttemptsAsync(failing.Row.Id,
            Attempt(AttemptKind.Check, now.AddHours(-3), OutcomeKind.Accepted, 200, requestId: "req-1"),
            Attempt(AttemptKind.Send, now.AddHours(-3).AddSeconds(1), OutcomeKind.Rejected, 400, 41019, 2, "caption missing", "req-2", 321));
        _target = target.Id;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static ILocator Rows(IPage page) =>
        page.GetByRole(AriaRole.Table).First.GetByRole(AriaRole.Row).Filter(new() { Has = page.GetByRole(AriaRole.Link, new() { NameRegex = DigitsOnly() }) });

    [Fact]
    public async Task Staff_FiltersByStateAndChannel_OpensTheBroadcast_SeesADeliverysRequests_AndDownloadsItsDeliveries()
    {
        var page = await browser.NewPageAsync(app);
        await page.SignInAndWaitAsync(StaffEmail, StaffPassword);
        await page.Navigation().GetByRole(AriaRole.Link, new() { Name = "Broadcasts" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Broadcasts", Level = 1 })).ToBeVisibleAsync();
        await Expect(Rows(page)).ToHaveCountAsync(3);

        await page.SelectAsync("State", "Completed");
        await Expect(Rows(page)).ToHaveCountAsync(2);
        await page.SelectAsync("Channel", "South");
        await Expect(Rows(page)).ToHaveCountAsync(1);
        await Expect(Rows(page)).ToContainTextAsync("Spring offer");
        await Expect(Rows(page)).ToContainTextAsync("1 of 2 sent · 1 failed");
        await page.SelectAsync("State", "Sending");
        await Expect(page.GetByText("No broadcasts match these filters.")).ToBeVisibleAsync();
        await page.SelectAsync("State", "Completed");

        await Rows(page).GetByRole(AriaRole.Link, new() { Name = $"{_target}", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Broadcast #{_target}", Level = 1 })).ToBeVisibleAsync();

        var requests = page.GetByRole(AriaRole.Region, new() { Name = $"Requests for {Failing}" });
        await Expect(requests).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Button, new() { Name = $"Show requests for {Failing}" }).ClickAsync();
        await Expect(requests.GetByRole(AriaRole.Row)).ToHaveCountAsync(3); // the header and two requests
        await Expect(requests.GetByRole(AriaRole.Row).Nth(1)).ToContainTextAsync("Contact check");
        await Expect(requests.GetByRole(AriaRole.Row).Nth(2)).ToContainTextAsync("Rejected");
        await Expect(requests.GetByRole(AriaRole.Row).Nth(2)).ToContainTextAsync("The image has no caption: write one (41019)");
        await Expect(requests.GetByRole(AriaRole.Row).Nth(2)).ToContainTextAsync("321 ms");

        await page.SelectAsync("State", "Failed");
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Export CSV: Failed" }).ClickAsync());
        Assert.Equal($"broadcast-{_target}-deliveries-failed.csv", download.SuggestedFilename);
        var lines = (await File.ReadAllTextAsync((await download.PathAsync())!, Ct)).TrimStart('\uFEFF')
            .Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(BroadcastCsv.Header, lines[0]);
        Assert.StartsWith($"{Failing},\"'=HYPERLINK(\"\"http://x\"\")\",Failed,", Assert.Single(lines.Skip(1)), StringComparison.Ordinal);
        Assert.Contains(",41019,The image has no caption: write one,2,caption missing,req-2", lines[1], StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^\d+$")]
    private static partial Regex DigitsOnly();
}
