using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace BotHub.Admin.Data;

/// <summary>
/// Per connection: WAL's "synchronous=NORMAL" (a commit is durable against a crash of the app, as SIGKILL tests
/// check; only a power loss can take the last commits back) and a busy timeout, so the engine's many short
/// transactions do not each wait for a disk flush.
/// </summary>
public sealed class SqlitePragmas : DbConnectionInterceptor
{
    private const string Sql = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var command = connection.CreateCommand();
        command.CommandText = Sql;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var command = connection.CreateCommand();
        command.CommandText = Sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
