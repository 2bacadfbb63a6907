using System.Data.Common;
using System.Globalization;
using BotHub.Admin.Data;
using BotHub.Admin.Features.Audit;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using BotHub.Admin.Features.Provider;

namespace BotHub.Admin.Features.Recipients.Csv;

/// <summary>
/// Imports recipients from a CSV file: rows validated one by one (bad ones kept with their line and reason), the
/// same phone merged within a batch and against the directory, written in batches with a fresh context each.
/// By default the batches share one transaction (see <see cref="ImportOptions.Atomic"/>).
/// </summary>
public sealed class RecipientImporter(IDbContextFactory<AppDbContext> factory, PhoneNormalizer phones, AuditLog audit,
    TimeProvider time, ILogger<RecipientImporter> logger)
{
    /// <summary>Runs on the thread pool, so a page awaiting it stays responsive; progress is reported after each batch.</summary>
    public Task<ImportResult> ImportAsync(Stream input, ColumnMapping mapping, ImportOptions? options = null,
        IProgress<ImportProgress>? progress = null, string? byUser = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(mapping);
        return Task.Run(() => RunAsync(input, mapping, options ?? new ImportOptions(), progress, byUser, ct), CancellationToken.None);
    }

    private async Task<ImportResult> RunAsync(Stream input, ColumnMapping mapping, ImportOptions options,
        IProgress<ImportProgress>? progress, string? byUser, CancellationToken ct)
    {
        var run = new ImportRun(options, input.CanSeek ? input.Length - input.Position : options.TotalBytes);
        var outcome = ImportOutcome.Completed;
        string? error = null;
        try
        {
            var (reader, _) = await CsvInput.OpenAsync(input, options.Separator, ct);
            await using (reader)
            {
                await reader.ReadHeaderAsync(ct);
                run.Header = reader.Headers.ToList();
                if (mapping.Problem(run.Header.Count) is { } problem)
                {
                    return run.Result(ImportOutcome.Failed, problem);
                }

                await ReadAndWriteAsync(reader, mapping, run, progress, byUser, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            outcome = ImportOutcome.Cancelled;
        }
        catch (Exception e) when (e is DbException or DbUpdateException or CsvFormatException or IOException or InvalidDataException)
        {
            logger.ImportFailed(e, byUser, run.BatchesCommitted);
            outcome = ImportOutcome.Failed;
            error = e is CsvFormatException or InvalidDataException ? e.Message : "The database refused the import; see the log.";
        }

        var result = run.Result(outcome, error);
        progress?.Report(run.Progress());
        logger.ImportFinished(byUser, outcome, result.RowsRead, result.Inserted, result.Updated, result.Unchanged, result.Rejected,
            result.BatchesCommitted);
        await audit.WriteAsync(new AuditActor(null, byUser, null), AuditKind.RecipientsImported, subject: null,
            AuditText.Of("AuditDetail.Imported", AuditText.Of($"AuditDetail.Import.{outcome}"), result.RowsRead, result.Inserted, result.Updated,
                result.Unchanged, result.Rejected, result.BatchesCommitted),
            CancellationToken.None);
        return result;
    }

    private async Task ReadAndWriteAsync(CsvReader reader, ColumnMapping mapping, ImportRun run, IProgress<ImportProgress>? progress,
        string? byUser, CancellationToken ct)
    {
        var nowUtc = time.GetUtcNow().UtcDateTime;
        var batch = new Dictionary<string, ImportRow>(StringComparer.Ordinal);
        var rowsInBatch = 0;

        // Atomic: one connection and transaction that every batch's context joins; otherwise each batch has its own.
        await using var outer = run.Options.Atomic ? await factory.CreateDbContextAsync(ct) : null;
        await using var outerTx = outer is null ? null : await outer.Database.BeginTransactionAsync(ct);

        async Task FlushAsync()
        {
            ct.ThrowIfCancellationRequested();
            await using var db = await factory.CreateDbContextAsync(ct);
            if (outer is not null)
            {
                db.Database.SetDbConnection(outer.Database.GetDbConnection(), contextOwnsConnection: false);
                await db.Database.UseTransactionAsync(outerTx!.GetDbTransaction(), ct);
            }

            await using var tx = outer is null ? await db.Database.BeginTransactionAsync(ct) : null;
            var counts = await ImportBatchWriter.WriteAsync(db, batch.Values, nowUtc, byUser, ct);
            if (tx is not null)
            {
                await tx.CommitAsync(ct);
            }

            run.BatchWritten(counts, committed: tx is not null);
            batch.Clear();
            rowsInBatch = 0;
            progress?.Report(run.Progress());
        }

        while (await reader.ReadAsync(ct))
        {
            var cells = CsvPreview.Fields(reader);
            run.RowsRead++;
            run.BytesRead = reader.ByteOffset;
            var reason = ImportRow.TryRead(cells, run.Header.Count, mapping, phones, out var row);
            if (reason is not null)
            {
                run.Reject((int)reader.LineNumber, cells, reason);
            }
            else if (batch.TryGetValue(row!.Phone, out var earlier))
            {
                earlier.MergeFrom(row);
                run.Merged++;
            }
            else
            {
                batch[row.Phone] = row;
            }

            if (++rowsInBatch >= run.Options.BatchSize)
            {
                await FlushAsync();
            }
        }

        run.ReachedEnd();
        if (batch.Count > 0)
        {
            await FlushAsync();
        }

        if (outerTx is not null)
        {
            ct.ThrowIfCancellationRequested();
            await outerTx.CommitAsync(ct);
            run.AllCommitted();
        }
    }
}
