using BotHub.Admin.Features.Provider.Sandbox;
using BotHub.Admin.Tests.Infrastructure;
using BotHub.Admin.Tests.Integration.Sending;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using BotHub.Admin.Features.Sending;

namespace BotHub.Admin.Tests.Browser;

/// <summary>The two actions that make new requests from a broadcast's page: retry failed, and a test send to one number.</summary>
public sealed partial class LiveProgressTests
{
    [Fact]
    public async Task AllFailed_RetryFailedFromThePage_SendsThemOnce_ThenATestSendGoesToOneNumber()
    {
        await app.EnsureStaffAsync();
        var (channelId, bot) = await app.ChannelAtAsync(ratePerSecond: 20, Ct);
        var users = EngineTestApp.NewUsers(6);
        await app.WriteInAsync(bot, users, Ct);
        var page = await SignedInAsync();

        // Every request that would succeed is refused for good (10100): the whole broadcast fails, nothing is sent.
        await app.SetFaultsAsync("""{"error_rates": {"10100": 1.0}}""", Ct);
        int id;
        try
        {
            id = await app.BroadcastAsync(channelId, users, Ct);
            await page.OpenAsync($"/broadcasts/{id}");
            await Expect(StateChip(page, "Completed with 6 failed")).ToBeVisibleAsync(new() { Timeout = 60_000 });
            await Expect(Done(page)).ToHaveTextAsync("0 of 6 sent (0%)");
            await page.ExpectFigureAsync("Failed", 6);
            await page.ExpectFigureAsync("Sent", 0);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Failures (6)", Exact = true })).ToBeVisibleAsync();
        }
        finally
        {
            await app.SetFaultsAsync("{}", CancellationToken.None);
        }

        // The provider works again: retried from the page, all six go, and the page follows them to the end on its own.
        await page.GetByRole(AriaRole.Button, new() { Name = "Retry 6 failed" }).ClickAsync();
        await Expect(page.GetByText("Failed messages queued again with their own message ids.")).ToBeVisibleAsync();
        await page.ExpectFigureAsync("Sent", 6);
        await page.ExpectFigureAsync("Failed", 0);
        await Expect(Done(page)).ToHaveTextAsync("6 of 6 sent (100%)", new() { Timeout = 60_000 });
        await Expect(StateChip(page, "Completed")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Failures (0)", Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { NameRegex = new("^Retry \\d+ failed$") })).ToBeHiddenAsync();
        // The deliveries table below followed too: six rows, each now "Sent".
        var deliveries = page.GetByLabel("Deliveries", new() { Exact = true });
        var rows = deliveries.GetByRole(AriaRole.Row).Filter(new() { HasNot = page.GetByRole(AriaRole.Columnheader) });
        await Expect(rows.Filter(new() { Has = page.GetByRole(AriaRole.Cell, new() { NameRegex = new("^Sent") }) })).ToHaveCountAsync(6);
        await Expect(rows.Filter(new() { Has = page.GetByRole(AriaRole.Cell, new() { NameRegex = new("^Failed") }) })).ToHaveCountAsync(0);
        Assert.Equal(users.Order(), Accepted(bot).Select(a => a.To).Order());

        // A test send to the first user, from the same page: a number that is not E.164 is refused in the dialog first.
        await page.GetByRole(AriaRole.Button, new() { Name = "Test send" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Test send" });
        await dialog.GetByLabel("Phone number").FillAsync("12");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Send test" }).ClickAsync();
        await Expect(dialog.GetByText("Enter a phone number with its country code, e.g. +8613800138000.")).ToBeVisibleAsync();
        await dialog.GetByLabel("Phone number").FillAsync(users[0]);
        await dialog.GetByLabel("Phone number").PressAsync("Enter");
        await Expect(dialog).ToBeHiddenAsync();
        var testId = await LatestBroadcastAsync();
        Assert.NotEqual(id, testId);
        await Expect(page.GetByText($"Test message to {users[0]} queued as broadcast #{testId}.")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Open it" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Broadcast #{testId}", Level = 1 })).ToBeVisibleAsync();
        await Expect(Done(page)).ToHaveTextAsync("1 of 1 sent (100%)", new() { Timeout = 60_000 });
        await page.ExpectFigureAsync("Sent", 1);
        await Expect(StateChip(page, "Completed")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        // The provider accepted one message per user, and a second one (another id) for the tested number only.
        var accepted = Accepted(bot);
        Assert.Equal(users.Append(users[0]).Order(), accepted.Select(a => a.To).Order());
        Assert.Equal(accepted.Count, accepted.Select(a => a.Id).Distinct().Count());
        await using var db = await app.DbAsync(Ct);
        Assert.Equal([users[0]], await db.Deliveries.Where(d => d.BroadcastId == testId).Select(d => d.Phone).ToListAsync(Ct));
    }

    private IReadOnlyList<SandboxAcceptedSend> Accepted(string bot) => app.Sandbox.Provider.AcceptedSends(bot);

    private async Task<int> LatestBroadcastAsync()
    {
        await using var db = await app.DbAsync(Ct);
        return await db.Broadcasts.MaxAsync(b => b.Id, Ct);
    }
}
