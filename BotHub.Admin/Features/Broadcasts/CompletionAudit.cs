using BotHub.Admin.Features.Audit;
using BotHub.Admin.Features.Sending;

namespace BotHub.Admin.Features.Broadcasts;

/// <summary>
/// Writes how each broadcast ended into the audit log ("Completed with 15 failed (93 sent)"), when the engine says it has just
/// completed. The engine reports each completion once; the entry is written off the engine's thread.
/// </summary>
public sealed class CompletionAudit(CompletedBroadcasts completed, BroadcastQuery query, AuditLog audit, ILogger<CompletionAudit> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var id in completed.ReadAllAsync(stoppingToken))
        {
            try
            {
                await RecordAsync(id, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                BroadcastsLog.CompletionNotAudited(log, id, e);
            }
        }
    }

    public async Task RecordAsync(int broadcastId, CancellationToken ct)
    {
        if (await query.FindAsync(broadcastId, ct) is not { } details)
        {
            return;
        }

        var b = details.Broadcast;
        var tally = BroadcastTally.From(details.ByState, details.NotReached);
        await audit.WriteAsync(AuditActor.System, AuditKind.BroadcastCompleted, $"broadcast {b.Id}",
            BroadcastOutcome.AuditOf(BroadcastOutcome.EndingOf(b.State, tally), tally, b.KeepDays), ct);
    }
}
