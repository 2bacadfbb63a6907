using BotHub.Admin.Data;
using BotHub.Admin.Features.Audit;
using BotHub.Admin.Features.Broadcasts;
using Microsoft.EntityFrameworkCore;
using BotHub.Admin.Features.Channels;

namespace BotHub.Admin.Features.Sending;

/// <param name="Cancelled">Deliveries that will not be sent (cancelled now, or when their check's answer comes).</param>
/// <param name="WithProvider">Messages that were with the provider: each ends sent or failed as its answer says.</param>
public sealed record CancelResult(ControlResult Result, int Cancelled, int WithProvider);

public enum ControlResult
{
    /// <summary>Done now.</summary>
    Done,

    /// <summary>Already so: nothing to do (each operation is safe to call twice).</summary>
    Unchanged,

    NotFound,

    /// <summary>Not possible in the broadcast's state (e.g. resuming a completed one).</summary>
    NotNow,
}

/// <summary>
/// The engine's operations on broadcasts and channels: pause, resume, cancel, retry the failed, resume a
/// paused channel. Each changes state with one conditional statement (safe twice and while sending), wakes the engine
/// and writes an audit entry.
/// </summary>
public sealed class BroadcastControl(IDbContextFactory<AppDbContext> factory, SendingSignal signal,
    ProgressNotifier notifier, AuditLog audit, TimeProvider time)
{
    private static readonly BroadcastState[] Pausable = [BroadcastState.Scheduled, BroadcastState.Queued, BroadcastState.Sending, BroadcastState.WaitingForQuota];

    public async Task<ControlResult> PauseAsync(int broadcastId, AuditActor actor, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var state = await StateAsync(db, broadcastId, ct);
        if (state is null)
        {
            return ControlResult.NotFound;
        }

        if (state == BroadcastState.Paused)
        {
            return ControlResult.Unchanged;
        }

        // One transaction: the broadcast pauses, and its claimed deliveries whose request has not started go back to
        // the queue at once. A request can start only while the broadcast runs (checked by the database), so none starts
        // after this commits; those already with the provider are recorded as their answers say.
        // A broadcast that has started notes when it paused: its elapsed time leaves the pause out.
        var now = time.GetUtcNow().UtcDateTime;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var n = await db.Broadcasts.Where(b => b.Id == broadcastId && Pausable.Contains(b.State))
            .ExecuteUpdateAsync(u => u.SetProperty(b => b.State, BroadcastState.Paused)
                .SetProperty(b => b.PausedUtc, b => b.StartedUtc != null ? now : (DateTime?)null), ct);
        if (n > 0)
        {
            await db.Deliveries.Where(d => d.BroadcastId == broadcastId && (d.State == DeliveryState.Checking || d.State == DeliveryState.Sending) && !d.InRequest)
                .ExecuteUpdateAsync(u => u.SetProperty(d => d.State, DeliveryState.Queued).SetProperty(d => d.ClaimedBy, (string?)null)
                    .SetProperty(d => d.LeaseUntilUtc, (DateTime?)null), ct);
        }

        var withProvider = await db.Deliveries.CountAsync(d => d.BroadcastId == broadcastId && d.InRequest, ct);
        await tx.CommitAsync(ct);
        return await DoneAsync(n, broadcastId, actor, AuditKind.BroadcastPaused,
            withProvider > 0 ? AuditText.Of("AuditDetail.Paused.WithProvider", withProvider) : null, ct);
    }

    /// <summary>A paused broadcast carries on: sending if it had started, otherwise back to waiting for its time.</summary>
    public async Task<ControlResult> ResumeAsync(int broadcastId, AuditActor actor, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var b = await db.Broadcasts.AsNoTracking().Where(x => x.Id == broadcastId)
            .Select(x => new { x.State, x.StartedUtc, x.ScheduledUtc, x.PausedUtc }).FirstOrDefaultAsync(ct);
        if (b is null)
        {
            return ControlResult.NotFound;
        }

        if (b.State != BroadcastState.Paused)
        {
            return b.State is BroadcastState.Sending or BroadcastState.Queued or BroadcastState.Scheduled or BroadcastState.WaitingForQuota
                ? ControlResult.Unchanged
                : ControlResult.NotNow;
        }

        var next = b.StartedUtc is not null ? BroadcastState.Sending : b.ScheduledUtc is not null ? BroadcastState.Scheduled : BroadcastState.Queued;
        // The pause that ends now is added to the time it stood paused; only for the pause that was read (a resume and a new
        // pause in between would otherwise add this one's length to the next).
        var stood = b.PausedUtc is { } pausedUtc ? (long)Math.Max(0, (time.GetUtcNow().UtcDateTime - pausedUtc).TotalMilliseconds) : 0;
        var n = await db.Broadcasts.Where(x => x.Id == broadcastId && x.State == BroadcastState.Paused && x.PausedUtc == b.PausedUtc)
            .ExecuteUpdateAsync(u => u.SetProperty(x => x.State, next).SetProperty(x => x.PausedMs, x => x.PausedMs + stood)
                .SetProperty(x => x.PausedUtc, (DateTime?)null), ct);
        return await DoneAsync(n, broadcastId, actor, AuditKind.BroadcastResumed, null, ct);
    }

    /// <summary>
    /// What was sent stays sent; every delivery whose message has not gone out is cancelled: those waiting, those claimed
    /// whose request has not started, and those whose check is out (cancelled when its answer comes). Messages already with
    /// the provider end sent or failed as its answer says. The figures returned are the ones the audit entry keeps.
    /// </summary>
    public async Task<CancelResult> CancelAsync(int broadcastId, AuditActor actor, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var state = await StateAsync(db, broadcastId, ct);
        if (state is null or BroadcastState.Cancelled or BroadcastState.Completed)
        {
            return new(state switch { null => ControlResult.NotFound, BroadcastState.Cancelled => ControlResult.Unchanged, _ => ControlResult.NotNow }, 0, 0);
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var n = await db.Broadcasts.Where(b => b.Id == broadcastId && b.State != BroadcastState.Cancelled && b.State != BroadcastState.Completed)
            .ExecuteUpdateAsync(u => u.SetProperty(b => b.State, BroadcastState.Cancelled)
                .SetProperty(b => b.FinishedUtc, time.GetUtcNow().UtcDateTime), ct);
        if (n == 0)
        {
            return new(ControlResult.Unchanged, 0, 0);
        }

        var cancelled = await db.Deliveries
            .Where(d => d.BroadcastId == broadcastId && (d.State == DeliveryState.Queued || d.State == DeliveryState.WaitingForQuota
                || ((d.State == DeliveryState.Checking || d.State == DeliveryState.Sending) && !d.InRequest)))
            .ExecuteUpdateAsync(u => u.SetProperty(d => d.State, DeliveryState.Cancelled).SetProperty(d => d.ClaimedBy, (string?)null)
                .SetProperty(d => d.LeaseUntilUtc, (DateTime?)null).SetProperty(d => d.NextAttemptUtc, (DateTime?)null), ct);
        var checksOut = await db.Deliveries.CountAsync(d => d.BroadcastId == broadcastId && d.State == DeliveryState.Checking && d.InRequest, ct);
        var sendsOut = await db.Deliveries.CountAsync(d => d.BroadcastId == broadcastId && d.State == DeliveryState.Sending && d.InRequest, ct);
        await tx.CommitAsync(ct);
        var result = new CancelResult(ControlResult.Done, cancelled + checksOut, sendsOut);
        await DoneAsync(n, broadcastId, actor, AuditKind.BroadcastCancelled,
            sendsOut > 0 ? AuditText.Of("AuditDetail.Cancelled.WithProvider", result.Cancelled, sendsOut) : AuditText.Of("AuditDetail.Cancelled", result.Cancelled), ct);
        return result;
    }

    /// <summary>Failed deliveries go out again with their own message ids (a 10011 then means an earlier attempt arrived).</summary>
    public async Task<ControlResult> RetryFailedAsync(int broadcastId, AuditActor actor, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var b = await db.Broadcasts.AsNoTracking().Where(x => x.Id == broadcastId).Select(x => new { x.State, x.ExpiresUtc }).FirstOrDefaultAsync(ct);
        if (b is null)
        {
            return ControlResult.NotFound;
        }

        if (b.State is BroadcastState.Cancelled || b.ExpiresUtc <= time.GetUtcNow().UtcDateTime)
        {
            return ControlResult.NotNow;
        }

        // The broadcast's state is judged again in the statement: a cancel committed since the read wins.
        var now = time.GetUtcNow().UtcDateTime;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var retried = await db.Deliveries.Where(d => d.BroadcastId == broadcastId && d.State == DeliveryState.Failed
                && db.Set<Broadcast>().Any(x => x.Id == broadcastId && x.State != BroadcastState.Cancelled && (x.ExpiresUtc == null || x.ExpiresUtc > now)))
            .ExecuteUpdateAsync(u => u.SetProperty(d => d.State, DeliveryState.Queued).SetProperty(d => d.Attempts, 0)
                .SetProperty(d => d.NextAttemptUtc, (DateTime?)null), ct);
        if (retried > 0)
        {
            await db.Broadcasts.Where(x => x.Id == broadcastId && x.State == BroadcastState.Completed)
                .ExecuteUpdateAsync(u => u.SetProperty(x => x.State, BroadcastState.Sending).SetProperty(x => x.FinishedUtc, (DateTime?)null), ct);
        }

        await tx.CommitAsync(ct);
        return await DoneAsync(retried, broadcastId, actor, AuditKind.BroadcastRetried, AuditText.Of("AuditDetail.Retried", retried), ct);
    }

    public async Task<ControlResult> ResumeChannelAsync(int channelId, AuditActor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await factory.CreateDbContextAsync(ct);
        var channel = await db.Channels.AsNoTracking().Where(c => c.Id == channelId).Select(c => new { c.BotPhone, c.PausedUtc }).FirstOrDefaultAsync(ct);
        if (channel is null)
        {
            return ControlResult.NotFound;
        }

        var n = await db.Channels.Where(c => c.Id == channelId && c.PausedUtc != null)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.PausedUtc, (DateTime?)null).SetProperty(c => c.PausedCode, (int?)null)
                .SetProperty(c => c.PausedMessage, (string?)null), ct);
        if (n == 0)
        {
            return ControlResult.Unchanged;
        }

        await audit.WriteAsync(actor, AuditKind.ChannelResumed, channel.BotPhone, ct: ct);
        notifier.Publish(new EngineEvent(EngineEventKind.Channel, null, channelId));
        signal.Raise();
        return ControlResult.Done;
    }

    private static Task<BroadcastState?> StateAsync(AppDbContext db, int id, CancellationToken ct) =>
        db.Broadcasts.AsNoTracking().Where(b => b.Id == id).Select(b => (BroadcastState?)b.State).FirstOrDefaultAsync(ct);

    private async Task<ControlResult> DoneAsync(int changed, int broadcastId, AuditActor actor, AuditKind kind, AuditText? details, CancellationToken ct)
    {
        if (changed == 0)
        {
            return ControlResult.Unchanged;
        }

        var subject = $"broadcast {broadcastId}";
        await (details is null ? audit.WriteAsync(actor, kind, subject, ct: ct) : audit.WriteAsync(actor, kind, subject, details, ct));
        notifier.Publish(new EngineEvent(EngineEventKind.Broadcast, broadcastId, null));
        signal.Raise();
        return ControlResult.Done;
    }
}
