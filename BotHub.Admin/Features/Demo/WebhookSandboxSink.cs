using System.Globalization;
using System.Text;
using System.Text.Json;
using BotHub.Admin.Features.Channels;
using BotHub.Admin.Features.Provider;
using BotHub.Admin.Features.Provider.Sandbox;
using BotHub.Admin.Features.Provider.Webhook;
using BotHub.Admin.Features.Security;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace BotHub.Admin.Features.Demo;

/// <summary>
/// Delivers the sandbox's simulated inbound messages through the app's own signed webhook, over loopback HTTP,
/// exactly as the provider would, so the sandbox's record and the app's agree.
/// </summary>
public sealed class WebhookSandboxSink(IServer server, IHttpClientFactory clients, ChannelDirectory channels, ILogger<WebhookSandboxSink> log)
    : ISandboxInboundSink
{
    public const string ClientName = "sandbox-webhook";

    public async Task DeliverAsync(SandboxInbound message, CancellationToken ct)
    {
        var channel = await channels.FindAsync(message.Bot, ct);
        if (channel is null || channel.WebhookSecrets.Count == 0)
        {
            WebhookSinkLog.NoSecret(log, LogText.Safe(message.Bot));
            return;
        }

        var body = JsonSerializer.SerializeToUtf8Bytes(new InboundPayload
        {
            Id = message.Id, From = message.From, Name = message.Name, Type = "text", Text = new TextBody { Body = message.Text },
            Timestamp = message.At.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
        }, InboundJsonContext.Default.InboundPayload);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(AppBaseUrl(), $"webhooks/bsp/{Uri.EscapeDataString(message.Bot)}"))
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = new("application/json") { CharSet = Encoding.UTF8.WebName } } },
        };
        request.Headers.Add(WebhookSignature.Header, WebhookSignature.Sign(body, channel.WebhookSecrets[0]));
        using var response = await clients.CreateClient(ClientName).SendAsync(request, ct);
        if (!response.IsSuccessStatusCode)
        {
            WebhookSinkLog.Refused(log, LogText.Safe(message.Bot), (int)response.StatusCode, LogText.Safe(await response.Content.ReadAsStringAsync(ct), 500));
        }
    }

    /// <summary>The app's first HTTP address, with a wildcard host replaced by loopback.</summary>
    private Uri AppBaseUrl()
    {
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("The app has no HTTP address to deliver the sandbox's inbound messages to.");
        var uri = new UriBuilder(address.Replace("://+", "://127.0.0.1", StringComparison.Ordinal).Replace("://*", "://127.0.0.1", StringComparison.Ordinal));
        if (uri.Host is "0.0.0.0" or "[::]" or "::")
        {
            uri.Host = "127.0.0.1";
        }

        uri.Path = "/";
        return uri.Uri;
    }
}

internal static partial class WebhookSinkLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Sandbox inbound for {Bot} not delivered: the channel has no webhook secret")]
    public static partial void NoSecret(ILogger logger, string bot);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sandbox inbound for {Bot} refused by the webhook: {Status} {Body}")]
    public static partial void Refused(ILogger logger, string bot, int status, string body);
}
