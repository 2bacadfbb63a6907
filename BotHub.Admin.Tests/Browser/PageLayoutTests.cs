using System.Text.Json;
using BotHub.Admin.Data;
using BotHub.Admin.Features.Broadcasts;
using BotHub.Admin.Features.Provider;
using BotHub.Admin.Features.Recipients;
using BotHub.Admin.Features.Sending;
using BotHub.Admin.Features.Tiers;
using BotHub.Admin.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using BotHub.Admin.Features.Channels;

namespace BotHub.Admin.Tests.Browser;

/// <summary>
/// What a person sees whole, measured in Chromium at 1440 px and 390 px: the tier chart fills its card with labels one can
/// read, a chosen channel's column does not push the last one out of sight, message ids are shown in full.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PageLayoutTests(BrowserFixture browser, TestApp app) : IClassFixture<TestApp>, IAsyncLifetime
{
    /// <summary>A provider message id as long as the real ones (32 characters, no place to break).</summary>
    public const string LongMessageId = "3f9c2e7a8b1d4c6e9f0a2b4c6d8e0f1a";

    private const string Channel = "Harbour festival bot (sandbox)";
    private static readonly string[] Tags = ["vip", "newsletter", "support", "trial", "wholesale"];

    private static int _broadcast;
    private static string _channel = "";

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    /// <summary>A channel with 10 to 29 users a day over the last 30 days, 30 recipients who wrote today, and a finished broadcast.</summary>
    public async ValueTask InitializeAsync()
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(Ct);
        if (await db.Channels.AnyAsync(Ct))
        {
            return;
        }

        await app.CreateUserAsync("mei.chen@test.local", "shots passphrase one", "Manager");
        await app.CreateUserAsync("li.wang@test.local", "shots passphrase two", "Staff");
        var now = DateTime.UtcNow;
        var channel = await db.AddChannelAsync(Channel);
        _channel = $"{Channel} ({(await db.Channels.SingleAsync(c => c.Id == channel, Ct)).BotPhone})";
        var people = Enumerable.Range(1, 30).Select(i => new Recipient
        {
            Phone = $"+49151{i:D8}", Name = $"Alexandra Konstantinopoulou {i}", OptIn = OptInStatus.OptedIn, CreatedUtc = now.AddDays(-i),
            Tags = i % 3 == 0 ? [.. Tags.Select(t => new RecipientTag { Tag = t })] : [],
        }).ToList();
        db.Recipients.AddRange(people);
        await db.SaveChangesAsync(Ct);
        db.RecipientActivity.AddRange(people.Select(p => new RecipientChannelActivity { RecipientId = p.Id, ChannelId = channel, LastInboundUtc = now }));
        var today = DateOnly.FromDateTime(now);
        for (var back = 0; back < 30; back++)
        {
            db.QuotaUses.AddRange(people.Take(10 + back % 20).Select(r => new QuotaUse
            {
                ChannelId = channel, Day = today.AddDays(-back), RecipientId = r.Id, AtUtc = now.AddDays(-back),
            }));
        }

        await db.SaveChangesAsync(Ct);

        var retried = BroadcastSeed.Delivery("+4915200000001", DeliveryState.Sent, "Guest 1");
        retried.Row.MessageId = LongMessageId;
        retried.Row.Text = "Hello Guest 1, the harbour festival starts on Saturday: "
            + "https://harbour-festival.example.com/programme/2026/saturday-evening-fireworks-and-concert?utm_source=whatsapp";
        var failed = BroadcastSeed.Delivery("+4915200000002", DeliveryState.Queued, "Guest 2").Failed(10100, 3, "to is not valid", "req-9");
        var broadcast = await db.AddBroadcastAsync(channel, BroadcastState.Completed, now.AddMinutes(-30), "Hello {{name}}, the harbour festival starts on Saturday",
            retried, failed, BroadcastSeed.Delivery("+4915200000003", DeliveryState.Sent, "Guest 3"));
        (broadcast.StartedUtc, broadcast.FinishedUtc) = (now.AddMinutes(-29), now.AddMinutes(-20));
        await db.SaveChangesAsync(Ct);
        _broadcast = broadcast.Id;
        await db.AddAttemptsAsync(retried.Row.Id,
            BroadcastSeed.Attempt(AttemptKind.Check, now.AddMinutes(-29), OutcomeKind.Accepted, 200, requestId: "req-1"),
            BroadcastSeed.Attempt(AttemptKind.Send, now.AddMinutes(-29), OutcomeKind.Transient, null, 80002, message: "timed out", requestId: "req-2"),
            BroadcastSeed.Attempt(AttemptKind.Send, now.AddMinutes(-28), OutcomeKind.Accepted, 200, requestId: "req-3"));
        await db.AddAttemptsAsync(failed.Row.Id,
            BroadcastSeed.Attempt(AttemptKind.Send, now.AddMinutes(-29), OutcomeKind.Rejected, 400, 10100, 3, "to is not valid", "req-9"));
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async Task<IPage> AdminPageAsync(bool phone, string? locale = null)
    {
        var page = await browser.NewPageAsync(app, phone, locale);
        if (!phone)
        {
            await page.SetViewportSizeAsync(1440, 900);
        }

        await page.SignInAndWaitAsync(TestApp.AdminEmail, TestApp.AdminPassword);
        return page;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task TierChart_FillsItsCard_AndItsLabelsAreAtLeast12Px(bool phone)
    {
        var page = await AdminPageAsync(phone);
        await page.OpenAsync("/tiers");
        await page.SelectAsync("Channel", _channel);
        await page.SelectAsync("Range", "Last 30 days");
        var card = page.GetByRole(AriaRole.Region, new() { Name = "Distinct users per day" });
        var chart = card.Locator("svg").First;
        await Expect(chart).ToBeVisibleAsync();

        // The drawing follows its box once the browser has measured it: wait until it fills the card.
        var measure = () => chart.EvaluateAsync<JsonElement>("""
            svg => {
              const card = svg.closest('[role=region]');
              const style = getComputedStyle(card);
              const inner = card.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
              const sizes = [...svg.querySelectorAll('text')].filter(t => t.textContent.trim() !== '')
                .map(t => parseFloat(t.getAttribute('font-size')) * t.getScreenCTM().a);
              return { width: svg.getBoundingClientRect().width, inner, smallest: Math.min(...sizes), labels: sizes.length };
            }
            """);
        JsonElement m = default;
        for (var i = 0; i < 50; i++)
        {
            m = await measure();
            if (m.GetProperty("width").GetDouble() >= 0.95 * m.GetProperty("inner").GetDouble())
            {
                break;
            }

            await page.WaitForTimeoutAsync(100);
        }

        var (width, inner, smallest) = (m.GetProperty("width").GetDouble(), m.GetProperty("inner").GetDouble(), m.GetProperty("smallest").GetDouble());
        Assert.True(width >= 0.95 * inner, $"the chart is {width:0} px wide in a card of {inner:0} px");
        Assert.True(m.GetProperty("labels").GetInt32() >= 5, "the chart has no labels");
        Assert.True(smallest >= 12, $"the smallest label is {smallest:0.0} px");
    }

    [Fact]
    public async Task Recipients_WithAChannelChosen_At1440_ShowTheLastColumnWhole()
    {
        var page = await AdminPageAsync(phone: false);
        await page.OpenAsync("/recipients");
        await page.SelectAsync("Channel", Channel);
        var added = page.GetByRole(AriaRole.Columnheader, new() { Name = "Added" });
        await Expect(page.GetByRole(AriaRole.Columnheader, new() { Name = $"Eligible now on {Channel}" })).ToBeVisibleAsync();

        var fit = await added.EvaluateAsync<JsonElement>("""
            th => {
              let box = th.closest('table').parentElement;
              while (box && getComputedStyle(box).overflowX === 'visible') box = box.parentElement;
              const r = th.getBoundingClientRect(), b = box.getBoundingClientRect();
              return { right: r.right, edge: b.right, scroll: box.scrollWidth, client: box.clientWidth };
            }
            """);
        Assert.True(fit.GetProperty("right").GetDouble() <= fit.GetProperty("edge").GetDouble() + 1,
            $"\"Added\" ends at {fit.GetProperty("right").GetDouble():0} px, past the table's edge at {fit.GetProperty("edge").GetDouble():0} px");
        Assert.True(fit.GetProperty("scroll").GetInt32() <= fit.GetProperty("client").GetInt32() + 1,
            $"the table is {fit.GetProperty("scroll").GetInt32()} px wide in {fit.GetProperty("client").GetInt32()} px");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Deliveries_ShowMessageIdsWhole_WithinThePage(bool phone)
    {
        var page = await AdminPageAsync(phone);
        await page.OpenAsync($"/broadcasts/{_broadcast}");
        var id = page.GetByText(LongMessageId, new() { Exact = true });
        await Expect(id).ToBeVisibleAsync();

        var fit = await id.EvaluateAsync<JsonElement>("""
            code => {
              const r = code.getBoundingClientRect(), cell = code.closest('td').getBoundingClientRect();
              const range = document.createRange(); range.selectNodeContents(code);
              const text = range.getBoundingClientRect();
              let box = code.closest('table').parentElement;
              while (box && getComputedStyle(box).overflowX === 'visible') box = box.parentElement;
              const edge = box ? box.getBoundingClientRect().right : document.documentElement.clientWidth;
              return { clipped: code.scrollWidth > code.clientWidth + 1, textRight: text.right, cellRight: cell.right,
                page: Math.min(edge, document.documentElement.clientWidth) };
            }
            """);
        Assert.False(fit.GetProperty("clipped").GetBoolean(), "the message id is cut off");
        Assert.True(fit.GetProperty("textRight").GetDouble() <= fit.GetProperty("cellRight").GetDouble() + 1, "the message id runs out of its cell");
        Assert.True(fit.GetProperty("textRight").GetDouble() <= fit.GetProperty("page").GetDouble(), "the message id runs out of sight");
    }
}
