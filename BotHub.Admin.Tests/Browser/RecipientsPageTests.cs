using BotHub.Admin.Data;
using BotHub.Admin.Features.Channels;
using BotHub.Admin.Features.Recipients;
using BotHub.Admin.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BotHub.Admin.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class RecipientsPageTests(BrowserFixture browser, TestApp app) : IClassFixture<TestApp>, IAsyncLifetime
{
    private const string StaffEmail = "recipients.staff@test.local";
    private const string StaffPassword = "staff passphrase here";

    public async ValueTask InitializeAsync()
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>()
            .CreateDbContextAsync(Xunit.TestContext.Current.CancellationToken);
        if (await db.Recipients.AnyAsync(Xunit.TestContext.Current.CancellationToken))
        {
            return;
        }

        await app.CreateUserAsync(StaffEmail, StaffPassword);
        await SeedAsync(db);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>30 recipients; every third is tagged "spring"; number 3 has an opt-in history and a message.</summary>
    private static async Task SeedAsync(AppDbContext db)
    {
        var ct = Xunit.TestContext.Current.CancellationToken;
        var now = DateTime.UtcNow;
        var channel = new Channel { Name = "Main bot", BotPhone = "+8613800000000", TimeZone = "UTC", CreatedUtc = now };
        db.Channels.Add(channel);
        var people = Enumerable.Range(1, 30).Select(i => new Recipient
        {
            Phone = $"+49151{i:D8}",
            Name = $"Person {i}",
            OptIn = i % 5 == 0 ? OptInStatus.OptedOut : OptInStatus.OptedIn,
            CreatedUtc = now.AddDays(-i),
            Attributes = new() { ["city"] = $"City {i}" },
            Tags = i % 3 == 0 ? [new RecipientTag { Tag = "spring" }] : [],
        }).ToList();
        db.Recipients.AddRange(people);
        await db.SaveChangesAsync(ct);

        var three = people[2];
        db.OptInChanges.AddRange(
            new OptInChange { RecipientId = three.Id, AtUtc = now.AddDays(-3), Status = OptInStatus.OptedIn, Source = OptInSource.Import, ByUser = "importer@test.local" },
            new OptInChange { RecipientId = three.Id, AtUtc = now.AddDays(-2), Status = OptInStatus.OptedOut, Source = OptInSource.Stop },
            new OptInChange { RecipientId = three.Id, AtUtc = now.AddDays(-1), Status = OptInStatus.OptedIn, Source = OptInSource.Inbound });
        db.RecipientActivity.Add(new RecipientChannelActivity { RecipientId = three.Id, ChannelId = channel.Id, LastInboundUtc = now });
        db.InboundMessages.Add(new InboundMessage
        {
            ChannelId = channel.Id, RecipientId = three.Id, ProviderMessageId = "wamid.1", From = three.Phone,
            Text = "Hello, I want the spring offer", SentUtc = now, ReceivedUtc = now,
        });
        await db.SaveChangesAsync(ct);
    }

    private static ILocator DataRows(IPage page) => page.GetByRole(AriaRole.Row).Filter(new() { HasText = "+49151" });

    private static ILocator Row(IPage page, string phone) => page.GetByRole(AriaRole.Row).Filter(new() { HasText = phone });

    [Fact]
    public async Task Staff_SearchesFiltersTagsTwoRows_AndOpensDetailsWithHistory()
    {
        var page = await browser.NewPageAsync(app);
        await page.SignInAndWaitAsync(StaffEmail, StaffPassword);
        await page.Navigation().GetByRole(AriaRole.Link, new() { Name = "Recipients" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Recipients", Level = 1 })).ToBeVisibleAsync();
        await Expect(DataRows(page)).ToHaveCountAsync(25);

        await page.GetByLabel("Search phone or name").FillAsync("Person 2");
        await Expect(DataRows(page)).ToHaveCountAsync(11); // 2 and 20 to 29
        await page.GetByLabel("Search phone or name").FillAsync("");
        await Expect(DataRows(page)).ToHaveCountAsync(25);

        await page.GetByLabel("Tag", new() { Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "spring" }).ClickAsync();
        await Expect(DataRows(page)).ToHaveCountAsync(10);
        await Expect(page.GetByText("All 10 matching the filter")).ToBeVisibleAsync();

        await Row(page, "+4915100000003").GetByRole(AriaRole.Checkbox).CheckAsync();
        await Row(page, "+4915100000006").GetByRole(AriaRole.Checkbox).CheckAsync();
        await Expect(page.GetByRole(AriaRole.Radio, new() { Name = "2 selected" })).ToBeCheckedAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Actions" }).ClickAsync();
        await page.GetByRole(AriaRole.Menuitem, new() { Name = "Add tag" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Add a tag to 2 recipients" });
        await dialog.GetByLabel("Tag").FillAsync("vip");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Add tag" }).ClickAsync();

        await Expect(page.GetByText("Tag “vip” added to 2 recipients.")).ToBeVisibleAsync();
        await Expect(Row(page, "+4915100000003")).ToContainTextAsync("vip");
        await Expect(Row(page, "+4915100000006")).ToContainTextAsync("vip");
        await Expect(Row(page, "+4915100000009")).Not.ToContainTextAsync("vip");

        await page.GetByRole(AriaRole.Button, new() { Name = "+4915100000003" }).ClickAsync();
        var history = page.GetByRole(AriaRole.Region, new() { Name = "Opt-in history" });
        await Expect(history.GetByRole(AriaRole.Listitem)).ToHaveCountAsync(3); // newest first
        await Expect(history.GetByRole(AriaRole.Listitem).Nth(0)).ToContainTextAsync("Opted in · User's message");
        await Expect(history.GetByRole(AriaRole.Listitem).Nth(1)).ToContainTextAsync("Opted out · STOP reply");
        await Expect(history.GetByRole(AriaRole.Listitem).Nth(2)).ToContainTextAsync("importer@test.local");
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Messages received" })).ToContainTextAsync("Hello, I want the spring offer");
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Attributes" })).ToContainTextAsync("City 3");
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Channels" })).ToContainTextAsync("Eligible until 00:00");
    }

    [Fact]
    public async Task Page_WorksInChinese()
    {
        var page = await browser.NewPageAsync(app);
        await page.SignInAndWaitAsync(StaffEmail, StaffPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Language" }).ClickAsync();
        await page.GetByRole(AriaRole.Menuitem, new() { Name = "中文" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "仪表板" })).ToBeVisibleAsync(); // the reload has happened
        await page.OpenAsync("/recipients");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "收件人", Level = 1 })).ToBeVisibleAsync();
        await Expect(DataRows(page)).ToHaveCountAsync(25);
        await page.GetByLabel("搜索电话或姓名").FillAsync("Person 3");
        await Expect(DataRows(page)).ToHaveCountAsync(2); // 3 and 30
        await Expect(page.GetByText("符合筛选条件的全部 2 人")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "+4915100000030" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "订阅历史" })).ToContainTextAsync("没有记录的更改。");
    }
}
