using System.Collections.Concurrent;

namespace BotHub.Admin.Features.Recipients.Csv;

/// <summary>
/// Keeps an import's rejects CSV for an hour, for the person who imported, so the page can offer it as a download
/// (a plain GET, since a circuit cannot hand a file to the browser by itself).
/// </summary>
public sealed class ImportRejectsStore(TimeProvider time)
{
    private static readonly TimeSpan Keep = TimeSpan.FromHours(1);
    private readonly ConcurrentDictionary<Guid, (string Owner, byte[] Csv, DateTimeOffset Expires)> _files = new();

    public Guid Save(string owner, byte[] csv)
    {
        var now = time.GetUtcNow();
        foreach (var (id, file) in _files)
        {
            if (file.Expires < now)
            {
                _files.TryRemove(id, out _);
            }
        }

        var key = Guid.NewGuid();
        _files[key] = (owner, csv, now + Keep);
        return key;
    }

    public byte[]? Find(Guid id, string owner) =>
        _files.TryGetValue(id, out var file) && file.Owner == owner && file.Expires >= time.GetUtcNow() ? file.Csv : null;
}
