using BotHub.Admin.Features.Security;

namespace BotHub.Admin.Features.Provider.Sandbox;

internal static partial class SandboxLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Sandbox provider listening on {Url}")]
    public static partial void Listening(ILogger logger, Uri url);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Sandbox controls that change state take Content-Type: application/json and the header {Header}: {Token}. Try: {Curl}")]
    public static partial void ControlToken(ILogger logger, string header, string token, string curl);
    /// <summary>The bot and the path come from requests: both are escaped.</summary>
    public static void InboundDeliveryFailed(ILogger logger, Exception exception, string bot) =>
        InboundDeliveryFailedSafe(logger, exception, LogText.Safe(bot));

    public static void Unhandled(ILogger logger, Exception exception, string method, string path) =>
        UnhandledSafe(logger, exception, LogText.Safe(method, 16), LogText.Safe(path));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sandbox could not hand on an inbound message to channel {Bot}")]
    private static partial void InboundDeliveryFailedSafe(ILogger logger, Exception exception, string bot);

    [LoggerMessage(Level = LogLevel.Error, Message = "Sandbox failed on {Method} {Path}")]
    private static partial void UnhandledSafe(ILogger logger, Exception exception, string method, string path);
}
