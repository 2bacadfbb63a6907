using System.Net;
using System.Text;
using BotHub.Admin.Data;
using BotHub.Admin.Features.Channels;
using BotHub.Admin.Features.Provider.Webhook;
using BotHub.Admin.Features.Recipients;
using BotHub.Admin.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BotHub.Admin.Tests.Integration;

public sealed class WebhookTests(ChannelTestApp app) : IClassFixture<ChannelTestApp>
{
    private const string Url = $"/webhooks/bsp/{ChannelTestApp.BotPhone}";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GoodSignature_IsStored_AndMarksTheUserAsHavingWrittenToday()
    {
        var id = NewId();
        var response = await PostAsync(Body(id, "+8613911112222", "hello", name: "Wang Fang"), ChannelTestApp.WebhookSecret);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var db = await DbAsync();
        var stored = await db.InboundMessages.SingleAsync(m => m.ProviderMessageId == id, Ct);
        Assert.Equal("hello", stored.Text);
        var recipient = await db.Recipients.SingleAsync(r => r.Phone == "+8613911112222", Ct);
        Assert.Equal("Wang Fang", recipient.Name);
        Assert.Equal(OptInStatus.OptedIn, recipient.OptIn);
        var activity = await db.RecipientActivity.SingleAsync(a => a.RecipientId == recipient.Id, Ct);
        Assert.Equal(app.Clock.GetUtcNow().UtcDateTime, activity.LastInboundUtc, TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task MissingWrongOrTamperedSignature_IsRefused401_AndNothingIsStored()
    {
        var id = NewId();
        var body = Body(id, "+8613911113333", "hi");
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(body, secret: null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(body, "another secret")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(body, ChannelTestApp.WebhookSecret, header: "sha256=zz")).StatusCode);
        var tampered = WebhookSignature.Sign(Encoding.UTF8.GetBytes(body.Replace("hi", "hx", StringComparison.Ordinal)), ChannelTestApp.WebhookSecret);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(body, ChannelTestApp.WebhookSecret, header: tampered)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(body, ChannelTestApp.WebhookSecret, url: "/webhooks/bsp/+8613800009999")).StatusCode);

        await using var db = await DbAsync();
        Assert.False(await db.InboundMessages.AnyAsync(m => m.ProviderMessageId == id, Ct));
        Assert.False(await db.Recipients.AnyAsync(r => r.Phone == "+8613911113333", Ct));
    }

    [Theory]
    [InlineData("not json", "not valid JSON")]
    [InlineData("{\"from\":\"+8613911114444\",\"timestamp\":\"1\",\"type\":\"text\",\"text\":{\"body\":\"x\"}}", "id is missing")]
    [InlineData("{\"id\":\"m1\",\"from\":\"12345\",\"timestamp\":\"1\",\"type\":\"text\",\"text\":{\"body\":\"x\"}}", "from is missing or not a phone")]
    [InlineData("{\"id\":\"m1\",\"from\":\"+8613911114444\",\"timestamp\":\"yesterday\",\"type\":\"text\",\"text\":{\"body\":\"x\"}}", "timestamp is missing")]
    [InlineData("{\"id\":\"m1\",\"from\":\"+8613911114444\",\"timestamp\":\"1\",\"type\":\"text\"}", "text.body is missing")]
    public async Task MalformedBody_IsRefused400_WithTheReason(string body, string reason)
    {
        var response = await PostAsync(body, ChannelTestApp.WebhookSecret);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(reason, await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-24 * 60 - 1, HttpStatusCode.BadRequest)]
    [InlineData(6, HttpStatusCode.BadRequest)]
    [InlineData(-23 * 60, HttpStatusCode.OK)]
    [InlineData(4, HttpStatusCode.OK)]
    public async Task Timestamp_OutsideTheWindow_IsRefused(int minutesFromNow, HttpStatusCode expected)
    {
        var sent = app.Clock.GetUtcNow().AddMinutes(minutesFromNow);
        var response = await PostAsync(Body(NewId(), "+8613911115555", "hi", sent), ChannelTestApp.WebhookSecret);
        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task RepeatedId_IsAnswered200_AndStoredOnce()
    {
        var id = NewId();
        var body = Body(id, "+8613911116666", "once");
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(body, ChannelTestApp.WebhookSecret)).StatusCode);
        var again = await PostAsync(body, ChannelTestApp.WebhookSecret);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("\"duplicate\":true", await again.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        await using var db = await DbAsync();
        Assert.Equal(1, await db.InboundMessages.CountAsync(m => m.ProviderMessageId == id, Ct));
    }

    [Fact]
    public async Task BodyOver64KB_IsRefused413()
    {
        var body = Body(NewId(), "+8613911117777", new string('x', 70_000));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await PostAsync(body, ChannelTestApp.WebhookSecret)).StatusCode);
    }

    [Theory]
    [InlineData("STOP")]
    [InlineData("  unsubscribe ")]
    [InlineData("退订")]
    public async Task StopWords_OptTheUserOut(string text)
    {
        var phone = "+86139" + Random.Shared.Next(10_000_000, 99_999_999);
        await PostAsync(Body(NewId(), phone, "hello"), ChannelTestApp.WebhookSecret);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(Body(NewId(), phone, text), ChannelTestApp.WebhookSecret)).StatusCode);
        await PostAsync(Body(NewId(), phone, "hello again"), ChannelTestApp.WebhookSecret);

        await using var db = await DbAsync();
        var recipient = await db.Recipients.SingleAsync(r => r.Phone == phone, Ct);
        Assert.Equal(OptInStatus.OptedOut, recipient.OptIn);
        Assert.Equal(OptInSource.Stop, recipient.OptInSource);
        var history = await db.OptInChanges.Where(c => c.RecipientId == recipient.Id).OrderBy(c => c.Id).ToListAsync(Ct);
        Assert.Equal([(OptInStatus.OptedIn, OptInSource.Inbound), (OptInStatus.OptedOut, OptInSource.Stop)],
            history.Select(h => (h.Status, h.Source)));
    }

    [Fact]
    public async Task AfterRotation_ThePreviousSecretWorksFor24Hours_AndNotAfter()
    {
        int channelId;
        await using (var db = await DbAsync())
        {
            channelId = await db.Channels.Where(c => c.BotPhone == ChannelTestApp.BotPhone).Select(c => c.Id).SingleAsync(Ct);
        }

        var admin = app.Services.GetRequiredService<ChannelAdmin>();
        var newSecret = await admin.RotateWebhookSecretAsync(channelId, ct: Ct);
        try
        {
            Assert.Equal(HttpStatusCode.OK, (await PostAsync(Body(NewId(), "+8613911118888", "a"), ChannelTestApp.WebhookSecret)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await PostAsync(Body(NewId(), "+8613911118888", "b"), newSecret)).StatusCode);

            app.Clock.Advance(TimeSpan.FromHours(23.9));
            Assert.Equal(HttpStatusCode.OK, (await PostAsync(Body(NewId(), "+8613911118888", "c"), ChannelTestApp.WebhookSecret)).StatusCode);

            app.Clock.Advance(TimeSpan.FromHours(0.2));
            Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(Body(NewId(), "+8613911118888", "d"), ChannelTestApp.WebhookSecret)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await PostAsync(Body(NewId(), "+8613911118888", "e"), newSecret)).StatusCode);
        }
        finally
        {
            // Other tests in this class sign with the configured secret: put it back (it becomes current again).
            await admin.RotateWebhookSecretAsync(channelId, ChannelTestApp.WebhookSecret, Ct);
        }
    }

    private static string NewId() => "wamid." + Guid.NewGuid().ToString("N");

    private string Body(string id, string from, string text, DateTimeOffset? sent = null, string? name = null) =>
        System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["id"] = id, ["from"] = from, ["name"] = name,
            ["timestamp"] = (sent ?? app.Clock.GetUtcNow()).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["type"] = "text", ["text"] = new Dictionary<string, string> { ["body"] = text },
        });

    private async Task<HttpResponseMessage> PostAsync(string body, string? secret, string? header = null, string url = Url)
    {
        using var client = new HttpClient { BaseAddress = app.BaseUrl };
        var bytes = Encoding.UTF8.GetBytes(body);
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
        if (header is not null || secret is not null)
        {
            request.Headers.Add(WebhookSignature.Header, header ?? WebhookSignature.Sign(bytes, secret!));
        }

        return await client.SendAsync(request, Ct);
    }

    private async Task<AppDbContext> DbAsync() =>
        await app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(Ct);
}
