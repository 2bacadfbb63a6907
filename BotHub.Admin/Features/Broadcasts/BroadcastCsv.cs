using System.Globalization;
using System.Text;
using BotHub.Admin.Data;
using BotHub.Admin.Features.Audit;
using BotHub.Admin.Features.Provider;
using BotHub.Admin.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using BotHub.Admin.Features.Sending;
using BotHub.Admin.Features.Recipients;

namespace BotHub.Admin.Features.Broadcasts;

/// <summary>Which deliveries of a broadcast an export holds.</summary>
public sealed record DeliveryExportFilter(DeliveryState? State = null, int? Code = null);

/// <summary>
/// A broadcast's deliveries as CSV (UTF-8 with BOM, so Excel reads Chinese), in the order they were stored, read in
/// pages by id so a slow download holds no read open. Every cell goes through <see cref="CsvCell.Escape"/>: a name or a
/// provider message starting with = + - @ reaches a spreadsheet as text, not as a formula.
/// </summary>
/// The error and whether a retry can help are said in the language of the request (the reader's), the codes as they are.
public sealed class BroadcastCsv(IDbContextFactory<AppDbContext> factory, IStringLocalizer<Strings> l)
{
    public const string Header =
        "phone,name,state,reason,reason_detail,message_id,attempts,sent_utc,last_code,error,subcode,provider_message,request_id,outcome,retry";

    private const int Page = 2_000;

    public static string DeliveriesFileName(int broadcastId, DeliveryState? state) =>
        $"broadcast-{broadcastId}-deliveries{(state is { } s ? "-" + s.ToString().ToLowerInvariant() : "")}.csv";

    public static string FailuresFileName(int broadcastId, int? code) =>
        $"broadcast-{broadcastId}-failures{(code is { } c ? "-" + c.ToString(CultureInfo.InvariantCulture) : "")}.csv";

    public async Task<bool> ExistsAsync(int broadcastId, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Broadcasts.AnyAsync(b => b.Id == broadcastId, ct);
    }

    /// <returns>The number of deliveries written.</returns>
    public async Task<int> WriteAsync(Stream output, int broadcastId, DeliveryExportFilter filter, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await using var w = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 1 << 16, leaveOpen: true);
        await w.WriteAsync(Header);
        await w.WriteAsync("\r\n");
        var count = 0;
        var lastId = 0L;
        while (true)
        {
            var page = await PageAsync(broadcastId, filter, lastId, ct);
            if (page.Count == 0)
            {
                break;
            }

            var lines = new StringBuilder();
            foreach (var d in page)
            {
                lines.Append(Line(d)).Append("\r\n");
            }

            await w.WriteAsync(lines, ct);
            await w.FlushAsync(ct);
            count += page.Count;
            lastId = page[^1].Id;
        }

        return count;
    }

    private async Task<List<ExportRow>> PageAsync(int broadcastId, DeliveryExportFilter filter, long afterId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var q = db.Deliveries.AsNoTracking().Where(d => d.BroadcastId == broadcastId && d.Id > afterId);
        if (filter.State is { } state)
        {
            q = q.Where(d => d.State == state);
        }

        if (filter.Code is { } code)
        {
            q = q.Where(d => d.LastCode == code);
        }

        return await q.OrderBy(d => d.Id).Take(Page)
            .Select(d => new ExportRow(d.Id, d.Phone, db.Set<Recipient>().Where(r => r.Id == d.RecipientId).Select(r => r.Name).FirstOrDefault(),
                d.State, d.Reason, d.ReasonDetail, d.MessageId, d.Attempts, d.SentUtc, d.LastCode, d.LastSubcode, d.LastMessage, d.LastRequestId))
            .ToListAsync(ct);
    }

    private string Line(ExportRow d) => CsvCell.Row(
        d.Phone,
        d.Name,
        d.State.ToString(),
        d.Reason?.ToString(),
        d.ReasonDetail,
        d.MessageId,
        d.Attempts.ToString(CultureInfo.InvariantCulture),
        d.SentUtc?.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        d.LastCode?.ToString(CultureInfo.InvariantCulture),
        d.LastCode is { } code ? ErrorText.Sentence(l, code) : null,
        d.LastSubcode?.ToString(CultureInfo.InvariantCulture),
        d.LastMessage,
        d.LastRequestId,
        OutcomeOf(d.State, d.Reason),
        d.State == DeliveryState.Failed && d.LastCode is { } failedCode ? ErrorText.Retry(l, failedCode) : null);

    /// <summary>The part of the broadcast's outcome a delivery counts in, as the page's bar names them.</summary>
    public static string OutcomeOf(DeliveryState state, ExclusionReason? reason) => state switch
    {
        DeliveryState.Sent => "sent",
        DeliveryState.Failed => "failed",
        DeliveryState.Excluded when reason == ExclusionReason.EligibilityEnded => "not reached",
        DeliveryState.Excluded => "excluded",
        DeliveryState.Cancelled => "cancelled",
        _ => "open",
    };

    private sealed record ExportRow(long Id, string Phone, string? Name, DeliveryState State, ExclusionReason? Reason, string? ReasonDetail,
        string? MessageId, int Attempts, DateTime? SentUtc, int? LastCode, int? LastSubcode, string? LastMessage, string? LastRequestId);
}
