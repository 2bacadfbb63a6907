using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using BotHub.Admin.Data;
using BotHub.Admin.Features.Provider.Webhook;
using BotHub.Admin.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using BotHub.Admin.Features.Recipients;

namespace BotHub.Admin.Tests.Integration;

/// <summary>The webhook met with hostile values: a path that would forge log lines, names and texts far over their columns.</summary>
public sealed class HostileWebhookTests(ChannelTestApp app) : IClassFixture<ChannelTestApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RefusedWebhook_WithANewlineInItsPath_LogsOneLine_WithTheValueEscaped()
    {
        var response = await PostAsync("/webhooks/bsp/%0Afake%20line", "{}", sign: false);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);

        var lines = app.Logs.Lines.Where(l => l.Contains("fake line", StringComparison.Ordinal)).ToList();
        var line = Assert.Single(lines);
        Assert.Contains("Inbound webhook for \\u000Afake line refused: missing or wrong signature", line, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', line);
        Assert.DoesNotContain('\r', line);
    }

    [Fact]
    public async Task NameAndTextFarOverTheirColumns_AreStoredCutToTheColumns_BetweenCharacters()
    {
        var name = new string('n', 199) + "😀" + new string('x', 59_000); // the emoji straddles the 200th unit
        var text = new string('t', 4095) + "😀" + "tail";
        var response = await PostAsync($"/webhooks/bsp/{ChannelTestApp.BotPhone}", Body("+8613911190001", name, text), sign: true);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        await using var db = await app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(Ct);
        var recipient = await db.Recipients.SingleAsync(r => r.Phone == "+8613911190001", Ct);
        Assert.Equal(new string('n', 199), recipient.Name);
        var message = await db.InboundMessages.SingleAsync(m => m.From == "+8613911190001", Ct);
        Assert.Equal(new string('n', 199), message.Name);
        Assert.Equal(new string('t', 4095), message.Text);
    }

    [Fact]
    public async Task ATypeLongerThanItsColumn_IsRefused400()
    {
        var body = Body("+8613911190002", "Ana", "hi").Replace("\"type\":\"text\"", $"\"type\":\"{new string('y', 5000)}\"", StringComparison.Ordinal);
        var response = await PostAsync($"/webhooks/bsp/{ChannelTestApp.BotPhone}", body, sign: true);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("type is missing or longer than 16 characters", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    private string Body(string from, string name, string text) => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["id"] = Guid.NewGuid().ToString("N"),
        ["from"] = from,
        ["name"] = name,
        ["timestamp"] = app.Clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
        ["type"] = "text",
        ["text"] = new Dictionary<string, string> { ["body"] = text },
    });

    private async Task<HttpResponseMessage> PostAsync(string url, string body, bool sign)
    {
        using var client = new HttpClient { BaseAddress = app.BaseUrl };
        var bytes = Encoding.UTF8.GetBytes(body);
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new("application/json");
        if (sign)
        {
            request.Headers.Add(WebhookSignature.Header, WebhookSignature.Sign(bytes, ChannelTestApp.WebhookSecret));
        }

        return await client.SendAsync(request, Ct);
    }
}
