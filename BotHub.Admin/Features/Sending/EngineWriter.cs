using System.Threading.Channels;
using BotHub.Admin.Data;
using BotHub.Admin.Features.Broadcasts;
using Microsoft.EntityFrameworkCore;

namespace BotHub.Admin.Features.Sending;

/// <summary>
/// The one writer of the engine's changes (deliveries, attempts, quota, checks, claims): each change waits until it is
/// committed, and the changes that arrive together share one transaction. Sqlite takes one writer at a time; fifty
/// channel workers each writing on their own spent their time waiting for its lock (the ceiling benchmark went from
/// 84 to thousands of deliveries a second with this). A change that fails fails alone: its batch is run again one by one.
/// Delivery updates, the most frequent change, are applied together: one read of the batch's deliveries, one save.
/// </summary>
public sealed class EngineWriter : IAsyncDisposable
{
    private const int MaxBatch = 256;

    private readonly Channel<IWork> _queue = Channel.CreateUnbounded<IWork>(new UnboundedChannelOptions { SingleReader = true });
    private readonly IDbContextFactory<AppDbContext> _factory;
    private readonly Lock _gate = new();
    private Task? _loop;

    public EngineWriter(IDbContextFactory<AppDbContext> factory) => _factory = factory;

    public Task WriteAsync(Func<AppDbContext, CancellationToken, Task> change, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(change);
        return WriteAsync<bool>(async (db, c) =>
        {
            await change(db, c);
            return true;
        }, ct);
    }

    /// <summary>Runs <paramref name="change"/> in the writer's transaction and returns its result once committed.</summary>
    /// <param name="ct">Stops waiting; a change already queued is still written.</param>
    public Task<T> WriteAsync<T>(Func<AppDbContext, CancellationToken, Task<T>> change, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(change);
        return Enqueue(new Work<T>(change), ct);
    }

    /// <summary>
    /// One SQL statement with positional parameters @p0, @p1...; statements with the same text share one prepared command
    /// in a batch. For the engine's frequent small writes (a quota reservation, a remembered check).
    /// </summary>
    /// <returns>The rows the statement changed: a conditional statement tells with it whether it won.</returns>
    public Task<int> ExecuteAsync(string sql, object?[] values, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(sql);
        ArgumentNullException.ThrowIfNull(values);
        return Enqueue(new Statement(sql, values), ct);
    }

    /// <summary>
    /// Changes one delivery held by <paramref name="claim"/> and records the attempt that led to it (if any). The change is
    /// written only while the delivery still carries that claim (checked by the UPDATE itself); a delivery that leaves
    /// Checking and Sending drops its claim. The attempt is recorded either way: the request was made.
    /// </summary>
    /// <returns>False when the claim was lost (given back by a pause or cancel, or taken over after its lease ran out).</returns>
    public Task<bool> SaveDeliveryAsync(long deliveryId, string claim, Action<Delivery> change, DeliveryAttempt? attempt, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(change);
        return Enqueue(new DeliverySave(deliveryId, claim, change, attempt), ct);
    }

    private Task<T> Enqueue<T>(Work<T> work, CancellationToken ct)
    {
        lock (_gate)
        {
            _loop ??= Task.Run(LoopAsync, CancellationToken.None);
        }

        if (!_queue.Writer.TryWrite(work))
        {
            throw new ObjectDisposedException(nameof(EngineWriter), "The app is stopping: the engine's writer is closed.");
        }

        return work.Task.WaitAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        Task? loop;
        lock (_gate)
        {
            loop = _loop;
        }

        if (loop is not null)
        {
            await loop;
        }
    }

    private async Task LoopAsync()
    {
        var batch = new List<IWork>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync(CancellationToken.None))
        {
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var work))
            {
                batch.Add(work);
            }

            if (!await TryRunAsync(batch))
            {
                foreach (var work in batch)
                {
                    await TryRunAsync([work]);
                }
            }

            batch.Clear();
        }
    }

    // True when the batch was committed (each change then has its result); false when it was rolled back. A change
    // alone that fails gets the exception.
    private async Task<bool> TryRunAsync(List<IWork> batch)
    {
        try
        {
            await using var db = await _factory.CreateDbContextAsync(CancellationToken.None);
            await using var tx = await db.Database.BeginTransactionAsync(CancellationToken.None);
            using var statements = new Statements(db);
            foreach (var work in batch.Where(w => w is not DeliverySave))
            {
                if (work is Statement statement)
                {
                    statements.Execute(statement);
                    continue;
                }

                await work.RunAsync(db);
                db.ChangeTracker.Clear();
            }

            await SaveDeliveriesAsync(db, batch.OfType<DeliverySave>().ToList());
            await tx.CommitAsync(CancellationToken.None);
        }
        catch (Exception e)
        {
            if (batch.Count > 1)
            {
                return false;
            }

            batch[0].Fail(e);
            return true;
        }

        foreach (var work in batch)
        {
            work.Complete();
        }

        return true;
    }

    // What the engine changes on a delivery; written with one prepared statement per batch rather than EF's tracking.
    private static readonly string[] Changed = [nameof(Delivery.State), nameof(Delivery.Reason), nameof(Delivery.ReasonDetail),
        nameof(Delivery.Attempts), nameof(Delivery.SentUtc), nameof(Delivery.NextAttemptUtc), nameof(Delivery.LastCode),
        nameof(Delivery.LastSubcode), nameof(Delivery.LastMessage), nameof(Delivery.LastRequestId), nameof(Delivery.ClaimedBy),
        nameof(Delivery.LeaseUntilUtc), nameof(Delivery.InRequest)];

    private static readonly string[] AttemptColumns = [nameof(DeliveryAttempt.DeliveryId), nameof(DeliveryAttempt.Kind),
        nameof(DeliveryAttempt.AtUtc), nameof(DeliveryAttempt.Outcome), nameof(DeliveryAttempt.HttpStatus), nameof(DeliveryAttempt.Code),
        nameof(DeliveryAttempt.Subcode), nameof(DeliveryAttempt.ProviderMessage), nameof(DeliveryAttempt.RequestId), nameof(DeliveryAttempt.LatencyMs),
        nameof(DeliveryAttempt.ApiKeyId)];

    private static async Task SaveDeliveriesAsync(AppDbContext db, List<DeliverySave> saves)
    {
        if (saves.Count == 0)
        {
            return;
        }

        var ids = saves.Select(s => s.DeliveryId).Distinct().ToList();
        var deliveries = await db.Deliveries.AsNoTracking().Where(d => ids.Contains(d.Id)).ToDictionaryAsync(d => d.Id, CancellationToken.None);
        using var insert = new BulkInsert<DeliveryAttempt>(db, AttemptColumns);
        using var update = new BulkUpdate<Delivery>(db, Changed, nameof(Delivery.Id), guard: nameof(Delivery.ClaimedBy));
        foreach (var save in saves)
        {
            var delivery = deliveries.TryGetValue(save.DeliveryId, out var d)
                ? d : throw new InvalidOperationException($"Delivery {save.DeliveryId} does not exist.");
            if (save.Attempt is { } attempt)
            {
                attempt.DeliveryId = save.DeliveryId;
                insert.Insert(attempt);
            }

            if (delivery.ClaimedBy != save.Claim)
            {
                continue;
            }

            save.Change(delivery);
            delivery.InRequest = false;
            if (delivery.State is not (DeliveryState.Checking or DeliveryState.Sending))
            {
                delivery.ClaimedBy = null;
                delivery.LeaseUntilUtc = null;
            }

            save.Written = update.Update(delivery, save.Claim);
        }
    }

    private interface IWork
    {
        Task RunAsync(AppDbContext db);

        void Complete();

        void Fail(Exception e);
    }

    private class Work<T>(Func<AppDbContext, CancellationToken, Task<T>> change) : IWork
    {
        private readonly TaskCompletionSource<T> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<T> Task => _done.Task;

        protected T Result { get; set; } = default!;

        public async Task RunAsync(AppDbContext db) => Result = await change(db, CancellationToken.None);

        public void Complete() => _done.TrySetResult(Result);

        public void Fail(Exception e) => _done.TrySetException(e);
    }

    private sealed class Statement(string sql, object?[] values) : Work<int>((_, _) => System.Threading.Tasks.Task.FromResult(0))
    {
        public string Sql => sql;

        public object?[] Values => values;

        public int Changed
        {
            set => Result = value;
        }
    }

    /// <summary>The batch's prepared commands, one per statement text, on the batch's connection and transaction.</summary>
    private sealed class Statements(AppDbContext db) : IDisposable
    {
        private readonly Dictionary<string, System.Data.Common.DbCommand> _commands = new(StringComparer.Ordinal);

        public void Execute(Statement statement)
        {
            if (!_commands.TryGetValue(statement.Sql, out var command))
            {
                command = db.Database.GetDbConnection().CreateCommand();
                command.CommandText = statement.Sql;
                command.Transaction = Microsoft.EntityFrameworkCore.Storage.DbContextTransactionExtensions.GetDbTransaction(db.Database.CurrentTransaction!);
                for (var i = 0; i < statement.Values.Length; i++)
                {
                    var p = command.CreateParameter();
                    p.ParameterName = "@p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    command.Parameters.Add(p);
                }

                _commands[statement.Sql] = command;
            }

            for (var i = 0; i < statement.Values.Length; i++)
            {
                command.Parameters[i].Value = statement.Values[i] ?? DBNull.Value;
            }

            statement.Changed = command.ExecuteNonQuery();
        }

        public void Dispose()
        {
            foreach (var command in _commands.Values)
            {
                command.Dispose();
            }
        }
    }

    private sealed class DeliverySave(long deliveryId, string claim, Action<Delivery> change, DeliveryAttempt? attempt)
        : Work<bool>((_, _) => System.Threading.Tasks.Task.FromResult(false))
    {
        public long DeliveryId => deliveryId;

        public string Claim => claim;

        public Action<Delivery> Change => change;

        public DeliveryAttempt? Attempt => attempt;

        public bool Written
        {
            set => Result = value;
        }
    }
}
