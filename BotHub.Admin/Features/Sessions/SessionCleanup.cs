namespace BotHub.Admin.Features.Sessions;

/// <summary>Once an hour (and at start), deletes sessions that ended or expired more than Auth:EndedSessionsKeptDays ago.</summary>
public sealed class SessionCleanup(UserSessions sessions, TimeProvider time, ILogger<SessionCleanup> log) : BackgroundService
{
    public static readonly TimeSpan Every = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var deleted = await sessions.DeleteOldAsync(stoppingToken);
                if (deleted > 0)
                {
                    SessionLog.Deleted(log, deleted);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                SessionLog.CleanupFailed(log, e);
            }

            try
            {
                await Task.Delay(Every, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
