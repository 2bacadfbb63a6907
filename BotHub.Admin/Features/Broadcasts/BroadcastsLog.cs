namespace BotHub.Admin.Features.Broadcasts;

public static partial class BroadcastsLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "A live reload of the broadcasts list failed; the next engine event tries again")]
    public static partial void LiveReloadFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "How broadcast {BroadcastId} ended could not be written to the audit log")]
    public static partial void CompletionNotAudited(ILogger logger, int broadcastId, Exception exception);
}
