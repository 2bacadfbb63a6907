using BotHub.Admin.Features.Channels;
using BotHub.Admin.Features.Security;

namespace BotHub.Admin.Features.Provider.Webhook;

/// <summary>POST /webhooks/bsp/{bot}: the provider's inbound messages, signed with the channel's webhook secret.</summary>
public static class InboundWebhook
{
    public const int MaxBodyBytes = 64 * 1024;
    public static readonly TimeSpan MaxAge = TimeSpan.FromHours(24);
    public static readonly TimeSpan MaxFuture = TimeSpan.FromMinutes(5);

    public static void MapInboundWebhook(this WebApplication app) =>
        app.MapPost("/webhooks/bsp/{bot}", HandleAsync).AllowAnonymous().DisableAntiforgery();

    public static async Task<IResult> HandleAsync(string bot, HttpContext context, ChannelDirectory channels,
        InboundRecorder recorder, TimeProvider time, ILogger<InboundRecorder> log)
    {
        var ct = context.RequestAborted;
        if (context.Request.ContentLength > MaxBodyBytes)
        {
            return Problem(StatusCodes.Status413PayloadTooLarge, $"the body is over {MaxBodyBytes} bytes");
        }

        var body = await ReadLimitedAsync(context.Request.Body, ct);
        if (body is null)
        {
            return Problem(StatusCodes.Status413PayloadTooLarge, $"the body is over {MaxBodyBytes} bytes");
        }

        var channel = await channels.FindAsync(bot, ct);
        if (channel is null || channel.WebhookSecrets.Count == 0
            || !WebhookSignature.Verify(body, context.Request.Headers[WebhookSignature.Header], channel.WebhookSecrets))
        {
            // One answer for an unknown bot and a bad signature: the caller learns nothing about which bots exist.
            WebhookLog.Refused(log, bot, "missing or wrong signature");
            return Problem(StatusCodes.Status401Unauthorized, "missing or wrong signature");
        }

        var (payload, sentAt, error) = InboundPayload.Parse(body);
        if (payload is null)
        {
            WebhookLog.Refused(log, bot, error!);
            return Problem(StatusCodes.Status400BadRequest, error!);
        }

        var now = time.GetUtcNow();
        if (sentAt < now - MaxAge || sentAt > now + MaxFuture)
        {
            WebhookLog.Refused(log, bot, "stale timestamp");
            return Problem(StatusCodes.Status400BadRequest, "timestamp is more than 24 hours old or more than 5 minutes ahead");
        }

        var result = await recorder.RecordAsync(channel.Id, payload, sentAt, ct);
        return Results.Ok(new { stored = result == InboundResult.Stored, duplicate = result == InboundResult.Duplicate });
    }

    private static IResult Problem(int status, string reason) => Results.Json(new { error = reason }, statusCode: status);

    private static async Task<byte[]?> ReadLimitedAsync(Stream body, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}

internal static partial class WebhookLog
{
    /// <summary>The bot comes from the request's path and the reason may quote its body: both are escaped.</summary>
    public static void Refused(ILogger logger, string bot, string reason) => RefusedSafe(logger, LogText.Safe(bot), LogText.Safe(reason, 500));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Inbound webhook for {Bot} refused: {Reason}")]
    private static partial void RefusedSafe(ILogger logger, string bot, string reason);
}
