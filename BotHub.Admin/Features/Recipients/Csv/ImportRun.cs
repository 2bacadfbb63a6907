namespace BotHub.Admin.Features.Recipients.Csv;

/// <summary>The running tally of one import; counts move to "committed" only when their transaction commits.</summary>
internal sealed class ImportRun(ImportOptions options, long? totalBytes)
{
    private readonly List<ImportReject> _rejects = [];
    private BatchCounts _committed;
    private BatchCounts _pending;
    private int _pendingBatches;
    private int _rejected;

    public ImportOptions Options { get; } = options;
    public IReadOnlyList<string> Header { get; set; } = [];
    public int RowsRead { get; set; }
    public long BytesRead { get; set; }
    public int Merged { get; set; }
    public int BatchesCommitted { get; private set; }

    public void Reject(int row, string[] cells, RejectReason reason)
    {
        _rejected++;
        if (_rejects.Count < Options.MaxRejectsKept)
        {
            _rejects.Add(new ImportReject(row, cells, reason));
        }
    }

    public void BatchWritten(BatchCounts counts, bool committed)
    {
        _pending = Add(_pending, counts);
        _pendingBatches++;
        if (committed)
        {
            AllCommitted();
        }
    }

    public void AllCommitted()
    {
        _committed = Add(_committed, _pending);
        BatchesCommitted += _pendingBatches;
        _pending = default;
        _pendingBatches = 0;
    }

    public void ReachedEnd() => BytesRead = Math.Max(BytesRead, totalBytes ?? 0);

    public ImportProgress Progress() => new(RowsRead, BytesRead, totalBytes, BatchesCommitted, _rejected);

    public ImportResult Result(ImportOutcome outcome, string? error) =>
        new(outcome, RowsRead, _committed.Inserted, _committed.Updated, _committed.Unchanged, Merged, _rejected, _rejects,
            BatchesCommitted, Options.Atomic, Header, error);

    private static BatchCounts Add(BatchCounts a, BatchCounts b) =>
        new(a.Inserted + b.Inserted, a.Updated + b.Updated, a.Unchanged + b.Unchanged);
}
