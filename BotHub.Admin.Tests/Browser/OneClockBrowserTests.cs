using BotHub.Admin.Data;
using BotHub.Admin.Features.Broadcasts;
using BotHub.Admin.Features.Recipients;
using BotHub.Admin.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static BotHub.Admin.Tests.Infrastructure.BroadcastSeed;
using static Microsoft.Playwright.Assertions;
using BotHub.Admin.Features.Sending;

namespace BotHub.Admin.Tests.Browser;

/// <summary>
/// One clock in Chromium: a browser in New York gives a new person that zone; they pick Europe/Berlin in the account menu;
/// the list, the broadcast's page and the recipient drawer then all say the same moment in Berlin time, named, and the
/// choice follows them to a browser in another zone.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class OneClockBrowserTests(BrowserFixture browser, TestApp app) : IClassFixture<TestApp>, IAsyncLifetime
{
    private const string Email = "clock.staff@test.local";
    private const string Password = "clock staff passphrase";
    private const string Phone = "+4915100000077";

    // 07:30 UTC on 20 November 2026: 02:30 in New York, 08:30 in Berlin, 15:30 on the Shanghai channel.
    private static readonly DateTime Moment = new(2026, 11, 20, 7, 30, 0, DateTimeKind.Utc);
    private static int _broadcast;

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(Ct);
        if (await db.Broadcasts.AnyAsync(Ct))
        {
            return;
        }

        await app.CreateUserAsync(Email, Password);
        var channel = await db.AddChannelAsync("Shanghai bot", "Asia/Shanghai");
        var broadcast = await db.AddBroadcastAsync(channel, BroadcastState.Completed, Moment, "Hello", Delivery(Phone, DeliveryState.Sent, "Ana"));
        broadcast.Name = "Spring offer";
        var recipient = await db.Recipients.SingleAsync(r => r.Phone == Phone, Ct);
        db.InboundMessages.Add(new InboundMessage
        {
            ChannelId = channel, RecipientId = recipient.Id, ProviderMessageId = "wamid.clock", From = Phone, Text = "Hello", SentUtc = Moment,
            ReceivedUtc = Moment,
        });
        await db.SaveChangesAsync(Ct);
        _broadcast = broadcast.Id;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static ILocator ZoneItem(IPage page, string zone) => page.GetByRole(AriaRole.Menuitem, new() { Name = $"Time zone: {zone}" });

    private static async Task OpenBroadcastsAsync(IPage page)
    {
        await page.Navigation().GetByRole(AriaRole.Link, new() { Name = "Broadcasts" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Broadcasts", Level = 1 })).ToBeVisibleAsync();
    }

    private static ILocator Row(IPage page) => page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Spring offer" });

    [Fact]
    public async Task BrowserZone_IsTaken_ThenTheChosenZone_IsUsedByTheListThePageAndTheDrawer_AndFollowsThePerson()
    {
        var page = await browser.NewPageAsync(app, timezoneId: "America/New_York");
        await page.SignInAndWaitAsync(Email, Password);

        // First use: the browser's zone is taken, and said on the list and in the account menu.
        await OpenBroadcastsAsync(page);
        await Expect(Row(page)).ToContainTextAsync("2026-11-20 02:30");
        await Expect(page.GetByText("Times and dates are in America/New_York, your time zone.")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Account" }).ClickAsync();
        await Expect(ZoneItem(page, "America/New_York")).ToBeVisibleAsync();

        // The person picks Berlin: the list redraws at once.
        await ZoneItem(page, "America/New_York").ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Your time zone" });
        await dialog.GetByLabel("Time zone").FillAsync("Berlin");
        await page.GetByRole(AriaRole.Option, new() { Name = "Europe/Berlin", Exact = true }).ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();
        await Expect(Row(page)).ToContainTextAsync("2026-11-20 08:30");
        await Expect(page.GetByRole(AriaRole.Columnheader, new() { Name = "Created (Europe/Berlin)" })).ToBeVisibleAsync();

        // The broadcast's page: the same moment, named.
        await Row(page).GetByRole(AriaRole.Link, new() { Name = $"{_broadcast}", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Broadcast #{_broadcast} · Spring offer", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Created by" })).ToContainTextAsync("2026-11-20 08:30 (Europe/Berlin)");

        // The recipient drawer: the message at that moment, under "Times in Europe/Berlin".
        await page.Navigation().GetByRole(AriaRole.Link, new() { Name = "Recipients" }).ClickAsync();
        await Expect(page.GetByText("Dates are in Europe/Berlin, your time zone.")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = Phone })).ToContainTextAsync("2026-11-20");
        await page.GetByRole(AriaRole.Button, new() { Name = Phone }).ClickAsync();
        await Expect(page.GetByText("Times in Europe/Berlin")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Messages received" })).ToContainTextAsync("2026-11-20 08:30");
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Channels" })).ToContainTextAsync("channel's day in Asia/Shanghai");

        // Another browser, in Tokyo: the person's choice follows them, and is not replaced by the browser's zone.
        var tokyo = await browser.NewPageAsync(app, timezoneId: "Asia/Tokyo");
        await tokyo.SignInAndWaitAsync(Email, Password);
        await OpenBroadcastsAsync(tokyo);
        await Expect(Row(tokyo)).ToContainTextAsync("2026-11-20 08:30");
        await tokyo.GetByRole(AriaRole.Button, new() { Name = "Account" }).ClickAsync();
        await Expect(ZoneItem(tokyo, "Europe/Berlin")).ToBeVisibleAsync();
    }
}
