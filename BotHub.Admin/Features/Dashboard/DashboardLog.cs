namespace BotHub.Admin.Features.Dashboard;

internal static partial class DashboardLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "A live refresh of the dashboard's {Card} failed; the next engine event tries again")]
    public static partial void RefreshFailed(ILogger logger, string card, Exception exception);
}
