using BotHub.Admin.Data;
using BotHub.Admin.Features.Broadcasts;
using BotHub.Admin.Features.Recipients;
using BotHub.Admin.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BotHub.Admin.Tests.Browser;

/// <summary>A staff member composes messages, watches the figures and the preview, sends, and finds each delivery stored as promised.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ComposeTests(BrowserFixture browser, ComposeTestApp app) : IClassFixture<ComposeTestApp>, IAsyncLifetime
{
    private const string Email = "composer@test.local";
    private const string Password = "composer passphrase";

    // Opted in and wrote to the channel today: eligible now.
    private const string Ana = "+8613900000001";
    private const string Bo = "+8613900000002";
    private const string Cai = "+8613900000003"; // no city
    private const string Dan = "+8613900000004"; // opted out, though he wrote today
    private const string Eve = "+8613900000005"; // opted in, silent today
    private const string Stranger = "+8613900000099"; // not a recipient

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await using var db = await app.DbAsync();
        if (await db.Recipients.AnyAsync(Ct))
        {
            return;
        }

        await app.CreateUserAsync(Email, Password);
        var channel = await app.ChannelAsync();
        var now = app.Time.GetUtcNow().UtcDateTime;
        Recipient Person(string phone, string name, OptInStatus optIn, string? city, params string[] tags) => new()
        {
            Phone = phone, Name = name, OptIn = optIn, CreatedUtc = now.AddDays(-10),
            Attributes = city is null ? [] : new() { ["city"] = city },
            Tags = [.. tags.Select(t => new RecipientTag { Tag = t })],
        };

        var people = new[]
        {
            Person(Ana, "Ana Lima", OptInStatus.OptedIn, "Beijing", "vip"),
            Person(Bo, "Bo Chen", OptInStatus.OptedIn, "Shanghai", "vip"),
            Person(Cai, "Cai Wen", OptInStatus.OptedIn, null, "vip"),
            Person(Dan, "Dan Ko", OptInStatus.OptedOut, "Beijing", "vip"),
            Person(Eve, "Eve Ma", OptInStatus.OptedIn, "Hangzhou", "vip"),
        };
        db.Recipients.AddRange(people);
        await db.SaveChangesAsync(Ct);
        db.RecipientActivity.AddRange(people.Select(p => new RecipientChannelActivity
        {
            RecipientId = p.Id, ChannelId = channel.Id, LastInboundUtc = p.Phone == Eve ? now.AddDays(-2) : now.AddMinutes(-5),
        }));
        await db.SaveChangesAsync(Ct);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async Task<IPage> SignedInComposerAsync()
    {
        var page = await browser.NewPageAsync(app);
        await page.SignInAndWaitAsync(Email, Password);
        await page.OpenComposerAsync();
        return page;
    }

    private async Task<(Broadcast Broadcast, List<Delivery> Deliveries)> StoredAsync(int id)
    {
        await using var db = await app.DbAsync();
        var broadcast = await db.Broadcasts.AsNoTracking().SingleAsync(b => b.Id == id, Ct);
        var deliveries = await db.Deliveries.AsNoTracking().Where(d => d.BroadcastId == id).OrderBy(d => d.Id).ToListAsync(Ct);
        return (broadcast, deliveries);
    }

    [Fact]
    public async Task TextToPastedNumbers_FiguresPreviewAndStoredDeliveries_Agree()
    {
        var page = await SignedInComposerAsync();
        await page.GetByLabel("Message text").FillAsync("Hello");
        await Expect(page.PreviewText()).ToHaveTextAsync("Hello"); // no recipients picked yet: the text as written
        await page.GetByRole(AriaRole.Button, new() { Name = "Insert variable" }).ClickAsync();
        await page.GetByRole(AriaRole.Menuitem, new() { Name = "{{name}}" }).ClickAsync();
        await Expect(page.GetByLabel("Message text")).ToHaveValueAsync("Hello {{name}}");

        await page.PasteNumbersAsync(Ana, "+86 139 0000 0002", Dan, Eve, Stranger, "call me maybe");
        await page.ExpectFigureAsync("Selected", 6);
        await page.ExpectFigureAsync("Eligible now", 2);
        await page.ExpectFigureAsync("Excluded", 4);
        await page.ExpectExclusionsAsync(("Opted out", 1), ("No message today", 1), ("Not in recipients", 1), ("Invalid number", 1));

        // The preview fills in the first picked recipient, and any other one picked.
        await Expect(page.GetByLabel("Preview for")).ToHaveTextAsync($"Ana Lima ({Ana})");
        await Expect(page.PreviewText()).ToHaveTextAsync("Hello Ana Lima");
        var previewed = new Dictionary<string, string> { [Ana] = await page.PreviewText().InnerTextAsync() };
        await page.SelectAsync("Preview for", $"Bo Chen ({Bo})");
        await Expect(page.PreviewText()).ToHaveTextAsync("Hello Bo Chen");
        previewed[Bo] = await page.PreviewText().InnerTextAsync();

        var id = await page.SendAndConfirmAsync("2 to send, 4 excluded");

        var (broadcast, deliveries) = await StoredAsync(id);
        Assert.Equal(("text", "Hello {{name}}", BroadcastState.Queued, 2, 4), (broadcast.Type, broadcast.Template, broadcast.State, broadcast.Total, broadcast.Excluded));
        Assert.Equal(6, deliveries.Count);
        var queued = deliveries.Where(d => d.State == DeliveryState.Queued).ToList();
        Assert.Equal([Ana, Bo], queued.OrderBy(d => d.Sequence).Select(d => d.Phone));
        Assert.All(queued, d => Assert.Equal(previewed[d.Phone], d.Text));
        Assert.All(queued, d => Assert.Matches("^[0-9a-f]{32}$", d.MessageId!));
        Assert.Equal(2, queued.Select(d => d.MessageId).Distinct().Count());
        var excluded = deliveries.Where(d => d.State == DeliveryState.Excluded).ToDictionary(d => d.Phone, d => d.Reason);
        Assert.Equal(new Dictionary<string, ExclusionReason?>
        {
            [Dan] = ExclusionReason.OptedOut,
            [Eve] = ExclusionReason.NoMessageToday,
            [Stranger] = ExclusionReason.NotARecipient,
            ["call me maybe"] = ExclusionReason.InvalidNumber,
        }, excluded);
        Assert.All(deliveries.Where(d => d.State == DeliveryState.Excluded), d => Assert.Null(d.MessageId));

        // The broadcast's page shows the same: counts, reasons, and each delivery's text and message id.
        await page.ExpectFigureAsync("Queued", 2);
        await page.ExpectFigureAsync("Excluded", 4);
        await page.ExpectExclusionsAsync(("Opted out", 1), ("No message today", 1), ("Not in recipients", 1), ("Invalid number", 1));
        foreach (var d in queued)
        {
            await Expect(page.DeliveryRow(d.Phone)).ToContainTextAsync(d.Text!);
            await Expect(page.DeliveryRow(d.Phone)).ToContainTextAsync(d.MessageId!);
        }

        await Expect(page.DeliveryRow(Dan)).ToContainTextAsync("Opted out");
        await Expect(page.DeliveryRow("call me maybe")).ToContainTextAsync("Invalid number");
    }
}
