using System.Text.RegularExpressions;
using BotHub.Admin.Features.Broadcasts.Live;
using BotHub.Admin.Tests.Infrastructure;
using BotHub.Admin.Tests.Integration.Sending;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using BotHub.Admin.Features.Recipients;
using BotHub.Admin.Features.Sending;

namespace BotHub.Admin.Tests.Browser;

/// <summary>
/// A scheduled broadcast's forecast in Compose, its page after the run setting the forecast beside what happened, and
/// test sends from that page: a number that cannot get a push says why; one that can is marked "Test" in the list, which
/// shows it only when "Show test sends" is on.
/// </summary>
public sealed partial class LiveProgressTests
{
    private const string FaShots = "/tmp/fa-shots";

    [Fact]
    public async Task ScheduledForecast_SaysWhoOnlyIfTheyWrite_ThePageAfterTheRunExplainsTheDifference_TestSendsKeptApart()
    {
        await app.EnsureStaffAsync();
        var (channelId, bot) = await app.ChannelAtAsync(ratePerSecond: 20, Ct);
        // Two wrote today; two wrote, but yesterday; one wrote "STOP" (opted out).
        var users = EngineTestApp.NewUsers(5);
        await app.WriteInAsync(bot, users, Ct);
        await app.WriteInAsync(bot, [users[4]], "STOP", Ct);
        await using (var db = await app.DbAsync(Ct))
        {
            var silent = await db.Recipients.Where(r => r.Phone == users[2] || r.Phone == users[3]).Select(r => r.Id).ToListAsync(Ct);
            await db.RecipientActivity.Where(a => a.ChannelId == channelId && silent.Contains(a.RecipientId))
                .ExecuteUpdateAsync(u => u.SetProperty(a => a.LastInboundUtc, DateTime.UtcNow.AddDays(-1)), Ct);
        }

        var page = await SignedInAsync();
        await ComposeScheduledAsync(page, bot, users);

        // Compose, scheduled for the next hour: known now, in plain words.
        await page.ExpectFigureAsync("Selected", 5);
        await page.ExpectFigureAsync("Will get it as things stand", 2);
        await page.ExpectFigureAsync("Excluded now", 1);
        await page.ExpectFigureAsync("Only if they write before it runs", 2);
        await page.ExpectExclusionsAsync(("Opted out", 1));
        await Expect(page.GetByTestId("plan-forecast"))
            .ToContainTextAsync("Not yet written to the channel today: 2. They get it only if they write before it runs.");
        await FaShot(page, "compose-scheduled-en");

        await page.GetByRole(AriaRole.Button, new() { Name = "Schedule…" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Send this broadcast?" });
        await Expect(dialog.GetByRole(AriaRole.Row).Filter(new() { HasText = "Recipients" }))
            .ToContainTextAsync("2 as things stand, 2 only if they write first, 1 excluded");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Schedule" }).ClickAsync();
        await page.WaitForURLAsync(ComposeSteps.BroadcastUrl(), new() { Timeout = 30_000 });
        var id = int.Parse(ComposeSteps.BroadcastUrl().Match(page.Url).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var forecast = page.GetByTestId("broadcast-forecast");
        await Expect(forecast).ToContainTextAsync("Forecast when created: 2 to send, 2 only if they wrote first, 1 excluded.");
        await Expect(forecast.GetByRole(AriaRole.Columnheader, new() { Name = "At the run" })).ToHaveCountAsync(0);

        // One of the two silent ones writes before it runs; then its time comes.
        await app.WriteInAsync(bot, [users[2]], Ct);
        await using (var db = await app.DbAsync(Ct))
        {
            await db.Broadcasts.Where(b => b.Id == id).ExecuteUpdateAsync(u => u.SetProperty(b => b.ScheduledUtc, DateTime.UtcNow.AddSeconds(-1)), Ct);
        }

        await app.WaitSettledAsync(id, Ct);
        await Expect(forecast).ToContainTextAsync(
            "At the run, 1 had not written to the channel that day, so they were left out. 1 of those who had not written when it was created wrote in time.",
            new() { Timeout = 30_000 });
        await Expect(ForecastRow(forecast, "To send")).ToHaveTextAsync(new Regex(@"^\s*To send\s*2\s*3\s*$"));
        await Expect(ForecastRow(forecast, "Not written to the channel today")).ToHaveTextAsync(new Regex(@"^\s*Not written to the channel today\s*2\s*1\s*$"));
        await Expect(ForecastRow(forecast, "Opted out")).ToHaveTextAsync(new Regex(@"^\s*Opted out\s*1\s*1\s*$"));
        await FaShot(page, "broadcast-after-run-en");

        // A test send to the one still silent: nothing is made, and the answer says why.
        await TestSendFromPageAsync(page, users[3]);
        await Expect(page.GetByText($"{TestSendText.Readable(users[3])} has not written to this channel today, so it cannot get a push until it does."))
            .ToBeVisibleAsync();
        await TestSendFromPageAsync(page, users[0]);
        await Expect(page.GetByText(new Regex($@"^Test message to {Regex.Escape(users[0])} queued as broadcast #\d+\.$"))).ToBeVisibleAsync();
        int testId;
        await using (var db = await app.DbAsync(Ct))
        {
            testId = await db.Broadcasts.Where(b => b.IsTest).MaxAsync(b => b.Id, Ct);
        }

        // The list hides it until "Show test sends" is on, then marks it "Test"; the address keeps the choice.
        await page.OpenAsync("/broadcasts");
        await Expect(ListRow(page, id)).ToBeVisibleAsync();
        await Expect(ListRow(page, testId)).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Switch, new() { Name = "Show test sends" }).ClickAsync();
        await Expect(ListRow(page, testId)).ToContainTextAsync("Test");
        await Expect(ListRow(page, id)).Not.ToContainTextAsync("Test");
        await Expect(page).ToHaveURLAsync(new Regex(@"/broadcasts\?tests=show$"));
        await FaShot(page, "list-tests-shown-en");
        await page.OpenAsync("/broadcasts?tests=show");
        await Expect(ListRow(page, testId)).ToContainTextAsync("Test");
        await Expect(page.GetByRole(AriaRole.Switch, new() { Name = "Show test sends" })).ToBeCheckedAsync();
        await page.GetByRole(AriaRole.Switch, new() { Name = "Show test sends" }).ClickAsync();
        await Expect(ListRow(page, testId)).ToHaveCountAsync(0);

        await ChineseShotsAsync(bot, users, id);
    }

    private static async Task ComposeScheduledAsync(IPage page, string bot, string[] users)
    {
        await page.OpenComposerAsync();
        await page.SelectAsync("Channel", $"Engine bot {bot} ({bot})");
        await page.GetByLabel("Message text").FillAsync("Hello");
        await page.PasteNumbersAsync(users);
        await page.GetByRole(AriaRole.Radio, new() { Name = "At a date and time", Exact = true }).CheckAsync();
    }

    private static async Task TestSendFromPageAsync(IPage page, string phone)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Test send" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Test send" });
        await dialog.GetByLabel("Phone number").FillAsync(phone);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Send test" }).ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();
    }

    private static ILocator ForecastRow(ILocator forecast, string what) =>
        forecast.GetByRole(AriaRole.Row).Filter(new() { Has = forecast.Page.GetByRole(AriaRole.Rowheader, new() { Name = what, Exact = true }) });

    private static ILocator ListRow(IPage page, int id) =>
        page.GetByRole(AriaRole.Row).Filter(new() { Has = page.GetByRole(AriaRole.Link, new() { Name = $"{id}", Exact = true }) });

    /// <summary>The same pages in Chinese, at desktop and phone width, to look at.</summary>
    private async Task ChineseShotsAsync(string bot, string[] users, int id)
    {
        foreach (var phone in new[] { false, true })
        {
            var zh = await SignedInAsync(phone, "zh-Hans");
            await zh.OpenAsync($"/culture/set?culture=zh-CN&redirectUri=%2Fbroadcasts%2F{id}");
            await Expect(zh.GetByTestId("broadcast-forecast")).ToContainTextAsync("发送时");
            await FaShot(zh, phone ? "broadcast-after-run-zh-phone" : "broadcast-after-run-zh");
            await zh.OpenAsync("/broadcasts?tests=show");
            await Expect(zh.GetByText("测试", new() { Exact = true }).First).ToBeVisibleAsync();
            await FaShot(zh, phone ? "list-tests-shown-zh-phone" : "list-tests-shown-zh");
            await zh.Context.CloseAsync();
        }

        var en = await SignedInAsync(phone: true);
        await en.OpenAsync($"/broadcasts/{id}");
        await Expect(en.GetByTestId("broadcast-forecast")).ToContainTextAsync("At the run");
        await FaShot(en, "broadcast-after-run-en-phone");
        await ComposeScheduledAsync(en, bot, users);
        await en.ExpectFigureAsync("Only if they write before it runs", 1);
        await FaShot(en, "compose-scheduled-en-phone");
        await en.Context.CloseAsync();
    }

    private static async Task FaShot(IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable("FA_SHOTS") is null)
        {
            return;
        }

        Directory.CreateDirectory(FaShots);
        await page.ScreenshotAsync(new() { Path = Path.Combine(FaShots, name + ".png"), FullPage = true });
    }
}
