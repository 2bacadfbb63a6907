namespace BotHub.Admin.Features.Recipients.Csv;

/// <summary>An import's rejects CSV, kept for download until <paramref name="Until"/>.</summary>
public sealed record KeptRejects(Guid Id, DateTimeOffset Until);

/// <summary>
/// Keeps an import's rejects CSV for an hour, for the person who imported, so the page can offer it as a download
/// (a plain GET, since a circuit cannot hand a file to the browser by itself). Memory stays bounded however many
/// imports run: files expire after <see cref="Keep"/>, at most <see cref="MaxFiles"/> are kept and their sizes add up
/// to at most <see cref="MaxBytes"/>; past either cap the oldest files go first. Each file holds at most
/// ImportOptions.MaxRejectsKept rows.
/// </summary>
public sealed class ImportRejectsStore
{
    public static readonly TimeSpan Keep = TimeSpan.FromHours(1);
    public const int MaxFiles = 50;
    public const long MaxBytes = 64L * 1024 * 1024;

    private readonly TimeProvider _time;
    private readonly int _maxFiles;
    private readonly long _maxBytes;
    private readonly Lock _gate = new();

    // Oldest first: files are added with increasing expiry, so expiry and the caps both take from the front.
    private readonly LinkedList<(Guid Id, string Owner, byte[] Csv, DateTimeOffset Expires)> _files = [];
    private long _bytes;

    public ImportRejectsStore(TimeProvider time)
        : this(time, MaxFiles, MaxBytes)
    {
    }

    /// <summary>Smaller caps, for tests.</summary>
    internal ImportRejectsStore(TimeProvider time, int maxFiles, long maxBytes)
    {
        _time = time;
        _maxFiles = maxFiles;
        _maxBytes = maxBytes;
    }

    /// <summary>Files kept now (expired ones dropped first).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                DropExpired(_time.GetUtcNow());
                return _files.Count;
            }
        }
    }

    public KeptRejects Save(string owner, byte[] csv)
    {
        var now = _time.GetUtcNow();
        var kept = new KeptRejects(Guid.NewGuid(), now + Keep);
        lock (_gate)
        {
            DropExpired(now);
            _files.AddLast((kept.Id, owner, csv, kept.Until));
            _bytes += csv.Length;
            while (_files.Count > _maxFiles || (_bytes > _maxBytes && _files.Count > 1))
            {
                DropFirst();
            }
        }

        return kept;
    }

    /// <summary>The file, or null when it is unknown, someone else's, expired or pushed out by newer imports.</summary>
    public byte[]? Find(Guid id, string owner)
    {
        lock (_gate)
        {
            DropExpired(_time.GetUtcNow());
            foreach (var file in _files)
            {
                if (file.Id == id)
                {
                    return file.Owner == owner ? file.Csv : null;
                }
            }

            return null;
        }
    }

    private void DropExpired(DateTimeOffset now)
    {
        while (_files.First is { } first && first.Value.Expires < now)
        {
            DropFirst();
        }
    }

    private void DropFirst()
    {
        _bytes -= _files.First!.Value.Csv.Length;
        _files.RemoveFirst();
    }
}
