namespace BotHub.Admin.Features.Broadcasts;

public static partial class BroadcastsLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "A live reload of the broadcasts list failed; the next engine event tries again")]
    public static partial void LiveReloadFailed(ILogger logger, Exception exception);
}
