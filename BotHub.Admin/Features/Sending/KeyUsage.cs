using System.Collections.Concurrent;

namespace BotHub.Admin.Features.Sending;

/// <summary>
/// Sets an API key's "last used" time, at most once a minute per key: the page shows minutes, and a write per
/// request (20 a second per channel) would only add work to the engine's one writer.
/// </summary>
public sealed class KeyUsage(EngineWriter writer, TimeProvider time)
{
    private static readonly TimeSpan Every = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<int, long> _written = new();

    public Task NoteAsync(int apiKeyId, CancellationToken ct)
    {
        var now = time.GetTimestamp();
        var last = _written.GetValueOrDefault(apiKeyId);
        if (last != 0 && time.GetElapsedTime(last, now) < Every)
        {
            return Task.CompletedTask;
        }

        // Two requests at once may both write: harmless, the later time wins.
        _written[apiKeyId] = now;
        return writer.ExecuteAsync("""UPDATE "ApiKeys" SET "LastUsedUtc" = @p0 WHERE "Id" = @p1""",
            [time.GetUtcNow().UtcDateTime, apiKeyId], ct);
    }
}
