using System.Text.RegularExpressions;
using BotHub.Admin.Features.Broadcasts;
using BotHub.Admin.Features.Compose;
using BotHub.Admin.Features.Recipients;
using BotHub.Admin.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using BotHub.Admin.Features.Sending;

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
    public async Task LeavingWithUnsavedWork_AsksFirst_EscapeStays_ConfirmLeaves()
    {
        var page = await SignedInComposerAsync();
        await page.GetByLabel("Message text").FillAsync("Half a thought");
        await Expect(page.PreviewText()).ToHaveTextAsync("Half a thought");

        await page.GetByRole(AriaRole.Link, new() { Name = "Broadcasts", Exact = true }).ClickAsync();
        var ask = page.GetByRole(AriaRole.Dialog, new() { Name = "Leave without saving?" });
        await Expect(ask).ToContainTextAsync("not saved and will be lost");
        // The keyboard starts in the dialog, on its safe answer; the one that loses work is red.
        await Expect(ask.GetByRole(AriaRole.Button, new() { Name = "Cancel" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Escape");
        await Expect(ask).ToBeHiddenAsync();
        Assert.EndsWith("/compose", page.Url, StringComparison.Ordinal);
        await Expect(page.GetByLabel("Message text")).ToHaveValueAsync("Half a thought");

        await page.GetByRole(AriaRole.Link, new() { Name = "Broadcasts", Exact = true }).ClickAsync();
        await ask.GetByRole(AriaRole.Button, new() { Name = "Leave and lose changes" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/broadcasts$"));
    }

    [Fact]
    public async Task SendConfirmation_ShowsTheMessageAsItGoesOut_AndEscapeSendsNothing()
    {
        var page = await SignedInComposerAsync();
        await page.GetByLabel("Message text").FillAsync("Hi {{name}}, see you soon");
        await page.PasteNumbersAsync(Ana);
        await page.ExpectFigureAsync("Eligible now", 1);
        await Expect(page.SendButton()).ToBeEnabledAsync();
        await using (var db = await app.DbAsync())
        {
            var before = await db.Broadcasts.CountAsync(Ct);
            await page.SendButton().ClickAsync();
            var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Send this broadcast?" });
            await Expect(dialog.GetByRole(AriaRole.Region, new() { Name = "The message as it goes out" })).ToContainTextAsync("Hi Ana Lima, see you soon");
            await Expect(dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" })).ToBeFocusedAsync();
            await page.Keyboard.PressAsync("Escape");
            await Expect(dialog).ToBeHiddenAsync();
            Assert.Equal(before, await db.Broadcasts.CountAsync(Ct));
        }
    }

    [Fact]
    public async Task TextToPastedNumbers_FiguresPreviewAndStoredDeliveries_Agree()
    {
        var page = await SignedInComposerAsync();
        await page.ExpectSelectedAsync("Channel", $"Test bot ({ComposeTestApp.BotPhone})"); // the only channel that can send
        await page.GetByLabel("Message text").FillAsync("Hello");
        await Expect(page.PreviewText()).ToHaveTextAsync("Hello"); // no recipients picked yet: the text as written
        await page.GetByRole(AriaRole.Button, new() { Name = "Insert variable" }).ClickAsync();
        await page.GetByRole(AriaRole.Menuitem, new() { Name = "{{name}}" }).ClickAsync();
        await Expect(page.GetByLabel("Message text")).ToHaveValueAsync("Hello {{name}}");

        await page.PasteNumbersAsync(Ana, "+86 139 0000 0002", Dan, Eve, Stranger, "call me maybe");
        await page.ExpectFigureAsync("Selected", 6);
        await page.ExpectFigureAsync("Eligible now", 2);
        await page.ExpectFigureAsync("Excluded now", 4);
        await page.ExpectExclusionsAsync(("Opted out", 1), ("Not written to the channel today", 1), ("Not in recipients", 1), ("Invalid number", 1));

        // The preview fills in the first picked recipient, and any other one picked.
        await page.ExpectSelectedAsync("Preview for", $"Ana Lima ({Ana})");
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
        await page.ExpectExclusionsAsync(("Opted out", 1), ("Not written to the channel today", 1), ("Not in recipients", 1), ("Invalid number", 1));
        foreach (var d in queued)
        {
            await Expect(page.DeliveryRow(d.Phone)).ToContainTextAsync(d.Text!);
            await Expect(page.DeliveryRow(d.Phone)).ToContainTextAsync(d.MessageId!);
        }

        await Expect(page.DeliveryRow(Dan)).ToContainTextAsync("Opted out");
        await Expect(page.DeliveryRow("call me maybe")).ToContainTextAsync("Invalid number");
    }

    [Fact]
    public async Task ImageToTag_CityCaptionWithFallback_StoresUrlInferredExtensionAndFilledCaptions()
    {
        var page = await SignedInComposerAsync();
        await page.ChooseTypeAsync("Image");
        await page.GetByLabel("File URL").FillAsync("https://example.com/promo/banner.png");
        await page.ExpectSelectedAsync("Extension", "png");
        await Expect(page.GetByText("From the URL")).ToBeVisibleAsync();
        await page.GetByLabel("Caption").FillAsync("Our new menu in {{attr:city}}!");
        await page.PickRecipientsByAsync("Tags");
        await page.SelectAsync("Tags", "vip");

        // Without a city, Cai is left out (the default) until a fallback is given.
        await page.ExpectFigureAsync("Selected", 5);
        await page.ExpectFigureAsync("Eligible now", 2);
        await page.ExpectExclusionsAsync(("Opted out", 1), ("Not written to the channel today", 1), ("Missing variable value", 1));
        var city = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "{{attr:city}}" });
        await Expect(city.GetByRole(AriaRole.Cell).Nth(1)).ToHaveTextAsync("1");
        await page.SelectAsync("Preview for", $"Cai Wen ({Cai})");
        await Expect(page.GetByRole(AriaRole.Figure, new() { Name = "Preview" }))
            .ToContainTextAsync("This recipient has no value for {{attr:city}} and would be left out.");

        await page.GetByLabel("Leave out recipients without {{attr:city}}").UncheckAsync();
        await page.GetByLabel("Fallback for {{attr:city}}").FillAsync("your city");
        await Expect(page.PreviewText()).ToHaveTextAsync("Our new menu in your city!");
        await page.ExpectFigureAsync("Eligible now", 3);
        await page.ExpectExclusionsAsync(("Opted out", 1), ("Not written to the channel today", 1));
        await page.SelectAsync("Preview for", $"Ana Lima ({Ana})");
        await Expect(page.PreviewText()).ToHaveTextAsync("Our new menu in Beijing!");
        // The bubble tries the image itself; example.com has no such file, and the preview says so.
        await Expect(page.GetByRole(AriaRole.Img, new() { Name = "Image of the message" }))
            .ToHaveTextAsync("This browser could not load the image; check that the provider can download it.");

        var id = await page.SendAndConfirmAsync("3 to send, 2 excluded");

        var (broadcast, deliveries) = await StoredAsync(id);
        Assert.Equal(("image", "https://example.com/promo/banner.png", "png", "Our new menu in {{attr:city}}!"),
            (broadcast.Type, broadcast.MediaUrl, broadcast.Extension, broadcast.Template));
        Assert.Contains("your city", broadcast.FallbacksJson, StringComparison.Ordinal);
        Assert.Equal(
            [(Ana, "Our new menu in Beijing!"), (Bo, "Our new menu in Shanghai!"), (Cai, "Our new menu in your city!")],
            deliveries.Where(d => d.State == DeliveryState.Queued).OrderBy(d => d.Sequence).Select(d => (d.Phone, d.Text)));
        Assert.Equal([(Dan, ExclusionReason.OptedOut), (Eve, ExclusionReason.NoMessageToday)],
            deliveries.Where(d => d.State == DeliveryState.Excluded).OrderBy(d => d.Phone).Select(d => (d.Phone, d.Reason!.Value)));
        await Expect(page.DeliveryRow(Cai)).ToContainTextAsync("Our new menu in your city!");
    }

    [Fact]
    public async Task DocumentToAllEligible_NameInCaption_StoresPdfAndOneTextPerRecipient()
    {
        var page = await SignedInComposerAsync();
        await page.ChooseTypeAsync("Document");
        await page.GetByLabel("File URL").FillAsync("https://example.com/promo/menu.pdf");
        await page.GetByLabel("Caption").FillAsync("Today's menu, {{name}}");
        await page.PickRecipientsByAsync("All eligible");
        await page.ExpectFigureAsync("Selected", 3);
        await page.ExpectFigureAsync("Eligible now", 3);
        await page.ExpectFigureAsync("Excluded now", 0);
        var preview = page.GetByRole(AriaRole.Figure, new() { Name = "Preview" });
        await Expect(preview).ToContainTextAsync("menu.pdf");
        await Expect(preview).ToContainTextAsync("PDF");
        await Expect(page.PreviewText()).ToHaveTextAsync("Today's menu, Ana Lima");

        var id = await page.SendAndConfirmAsync("3 to send, 0 excluded");

        var (broadcast, deliveries) = await StoredAsync(id);
        Assert.Equal(("document", "https://example.com/promo/menu.pdf", "pdf", "Today's menu, {{name}}", "all eligible"),
            (broadcast.Type, broadcast.MediaUrl, broadcast.Extension, broadcast.Template, broadcast.Audience));
        Assert.Equal([(Ana, "Today's menu, Ana Lima"), (Bo, "Today's menu, Bo Chen"), (Cai, "Today's menu, Cai Wen")],
            deliveries.OrderBy(d => d.Sequence).Select(d => (d.Phone, d.Text)));
        Assert.All(deliveries, d => Assert.Equal(DeliveryState.Queued, d.State));
        await Expect(page.DeliveryRow(Bo)).ToContainTextAsync("Today's menu, Bo Chen");
    }

    [Fact]
    public async Task AudioToTag_PlainCaption_StoresMp3AndTheSameTextForEach()
    {
        var page = await SignedInComposerAsync();
        await page.ChooseTypeAsync("Audio");
        await page.GetByLabel("File URL").FillAsync("https://example.com/promo/greeting.mp3");
        await page.ExpectSelectedAsync("Extension", "mp3");
        await page.GetByLabel("Caption").FillAsync("A greeting from us");
        await page.PickRecipientsByAsync("Tags");
        await page.SelectAsync("Tags", "vip");
        await page.ExpectSelectedAsync("Tags", "vip");
        await page.ExpectFigureAsync("Eligible now", 3);
        await Expect(page.GetByRole(AriaRole.Figure, new() { Name = "Preview" })).ToContainTextAsync("greeting.mp3");

        var id = await page.SendAndConfirmAsync("3 to send, 2 excluded");

        var (broadcast, deliveries) = await StoredAsync(id);
        Assert.Equal(("audio", "https://example.com/promo/greeting.mp3", "mp3", "A greeting from us"),
            (broadcast.Type, broadcast.MediaUrl, broadcast.Extension, broadcast.Template));
        Assert.Equal([Ana, Bo, Cai], deliveries.Where(d => d.State == DeliveryState.Queued).OrderBy(d => d.Sequence).Select(d => d.Phone));
        Assert.All(deliveries.Where(d => d.State == DeliveryState.Queued), d => Assert.Equal("A greeting from us", d.Text));
    }

    [Fact]
    public async Task ImageCaptionLeftEmpty_Shows41019_AndSendStaysDisabled()
    {
        var page = await SignedInComposerAsync();
        await page.ChooseTypeAsync("Image");
        await page.GetByLabel("File URL").FillAsync("https://example.com/promo/banner.png");
        await page.PickRecipientsByAsync("All eligible");
        await page.GetByLabel("Caption").FillAsync("Soon");
        await Expect(page.PreviewText()).ToHaveTextAsync("Soon");
        await page.ExpectFigureAsync("Eligible now", 3);
        await Expect(page.SendButton()).ToBeEnabledAsync();

        await page.GetByLabel("Caption").FillAsync("");
        await Expect(page.GetByText("The image has no caption: write one (41019)", new() { Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Caption")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.GetByTestId("send-blocker")).ToHaveTextAsync("Not ready to send. The image has no caption: write one (41019)");
        await Expect(page.SendButton()).ToBeDisabledAsync();
        await page.ExpectFigureAsync("Eligible now", 3);
        await Expect(page.SendButton()).ToBeDisabledAsync();
    }

    [Fact]
    public async Task Draft_SavedReopenedSavedAsTemplateAndDuplicated_KeepsTheComposition()
    {
        var page = await SignedInComposerAsync();
        await page.SelectAsync("Source", "livechat");
        await page.GetByLabel("Message text").FillAsync("Weekly news for {{name}}");
        await page.GetByLabel("Leave out recipients without {{name}}").UncheckAsync();
        await page.GetByLabel("Fallback for {{name}}").FillAsync("friend");
        await page.PickRecipientsByAsync("Tags");
        await page.SelectAsync("Tags", "vip");
        await page.ExpectFigureAsync("Eligible now", 3);
        await page.GetByRole(AriaRole.Button, new() { Name = "Save draft" }).ClickAsync();
        await Expect(page.GetByText("Draft saved.")).ToBeVisibleAsync();
        await Expect(page.GetByText("Draft: Weekly news for {{name}}")).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Drafts and templates" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Drafts and templates", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Tab, new() { Name = "My drafts (1)" })).ToHaveAttributeAsync("aria-selected", "true");
        await Expect(page.GetByRole(AriaRole.Tab, new() { Name = "Templates (0)" })).ToBeVisibleAsync();
        var draftRow = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Weekly news for {{name}}" });
        await Expect(draftRow).ToContainTextAsync("Text");
        await Expect(draftRow).ToContainTextAsync(Email);

        // Reopened, the draft is as it was left: message, source, fallback, recipients.
        await draftRow.GetByRole(AriaRole.Link, new() { Name = "Open" }).ClickAsync();
        await page.WaitForURLAsync(new Regex(@"/compose\?draft=\d+$"));
        await Expect(page.GetByText("Draft: Weekly news for {{name}}")).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Message text")).ToHaveValueAsync("Weekly news for {{name}}");
        await page.ExpectSelectedAsync("Source", "livechat");
        await Expect(page.GetByLabel("Leave out recipients without {{name}}")).Not.ToBeCheckedAsync();
        await Expect(page.GetByLabel("Fallback for {{name}}")).ToHaveValueAsync("friend");
        await Expect(page.GetByRole(AriaRole.Tab, new() { Name = "Tags", Exact = true })).ToHaveAttributeAsync("aria-selected", "true");
        await page.ExpectSelectedAsync("Tags", "vip");
        await page.ExpectFigureAsync("Eligible now", 3);
        await Expect(page.PreviewText()).ToHaveTextAsync("Weekly news for Ana Lima");

        await page.GetByRole(AriaRole.Button, new() { Name = "Save as template" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Save as template" });
        await Expect(dialog.GetByLabel("Template name")).ToHaveValueAsync("Weekly news for {{name}}");
        await dialog.GetByLabel("Template name").FillAsync("Weekly news");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.GetByText("Template \"Weekly news\" saved.")).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Drafts and templates" }).ClickAsync();
        await page.GetByRole(AriaRole.Tab, new() { Name = "Templates (1)" }).ClickAsync();
        var templateRow = page.GetByRole(AriaRole.Row).Filter(new() { Has = page.GetByRole(AriaRole.Link, new() { Name = "Weekly news", Exact = true }) });
        await Expect(templateRow).ToContainTextAsync("Weekly news for {{name}}"); // its text, under the name
        await templateRow.GetByRole(AriaRole.Button, new() { Name = "Duplicate" }).ClickAsync();

        // The copy is a new draft of the message only: a template keeps no recipients.
        await Expect(page.GetByText("Draft: Weekly news (copy)")).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Message text")).ToHaveValueAsync("Weekly news for {{name}}");
        await page.ExpectSelectedAsync("Source", "livechat");
        await Expect(page.GetByLabel("Fallback for {{name}}")).ToHaveValueAsync("friend");
        await Expect(page.GetByRole(AriaRole.Tab, new() { Name = "All eligible", Exact = true })).ToHaveAttributeAsync("aria-selected", "true");

        await page.GetByRole(AriaRole.Link, new() { Name = "Drafts and templates" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Tab, new() { Name = "My drafts (2)" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Weekly news (copy)", Exact = true })).ToBeVisibleAsync();
        await using var db = await app.DbAsync();
        var kinds = await db.MessageDrafts.AsNoTracking().OrderBy(d => d.Id).Select(d => new { d.Kind, d.Name }).ToListAsync(Ct);
        Assert.Equal(
            [(DraftKind.Draft, "Weekly news for {{name}}"), (DraftKind.Template, "Weekly news"), (DraftKind.Draft, "Weekly news (copy)")],
            kinds.Select(k => (k.Kind, k.Name)));
    }
}
