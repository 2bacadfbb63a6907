namespace BotHub.Admin.Features.Recipients.Csv;

internal static partial class RecipientCsvLog
{
    [LoggerMessage(Level = LogLevel.Information,
        Message = "Recipients import by {User}: {Outcome}, {Rows} rows, {Inserted} inserted, {Updated} updated, {Unchanged} unchanged, {Rejected} rejected, {Batches} batches committed")]
    public static partial void ImportFinished(this ILogger logger, string? user, ImportOutcome outcome, int rows, int inserted, int updated,
        int unchanged, int rejected, int batches);

    [LoggerMessage(Level = LogLevel.Error, Message = "Recipients import by {User} failed after {Batches} committed batches")]
    public static partial void ImportFailed(this ILogger logger, Exception exception, string? user, int batches);

    [LoggerMessage(Level = LogLevel.Information, Message = "Recipients export by {User}: {Rows} rows")]
    public static partial void Exported(this ILogger logger, string? user, int rows);
}
