using System.Text;
using BotHub.Admin.Data;
using BotHub.Admin.Features.Audit;
using Microsoft.EntityFrameworkCore;

namespace BotHub.Admin.Features.Recipients.Csv;

/// <summary>
/// Writes the recipients of a filter as CSV (UTF-8 with BOM, so Excel reads Chinese): phone, name, tags (joined by |),
/// opt_in, then one attr:KEY column per attribute key found. Every cell goes through <see cref="CsvCell.Escape"/>.
/// Importing the file back with the suggested mapping changes nothing.
/// </summary>
public sealed class RecipientExporter(IDbContextFactory<AppDbContext> factory, RecipientQuery query, AuditLog audit,
    ILogger<RecipientExporter> logger)
{
    private const int Page = 2_000;

    public Task<int> ExportAsync(Stream output, RecipientFilter filter, CancellationToken ct = default) =>
        ExportAsync(output, filter, null, ct);

    /// <returns>The number of recipients written.</returns>
    public async Task<int> ExportAsync(Stream output, RecipientFilter filter, string? byUser, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await using var db = await factory.CreateDbContextAsync(ct);
        var q = query.Apply(db, filter);

        // First pass: the attribute keys, reading only that column.
        var keys = new SortedSet<string>(StringComparer.Ordinal);
        await foreach (var attrs in q.Select(r => r.Attributes).AsAsyncEnumerable().WithCancellation(ct))
        {
            keys.UnionWith(attrs.Keys);
        }

        var keyList = keys.ToList();
        await using var w = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 1 << 16, leaveOpen: true);
        await w.WriteAsync(CsvCell.Row(["phone", "name", "tags", "opt_in", .. keyList.Select(k => ColumnMapping.AttributePrefix + k)]));
        await w.WriteAsync("\r\n");

        // Second pass: pages by id, each with one query for its tags.
        var count = 0;
        var lastId = 0;
        while (true)
        {
            var page = await q.Where(r => r.Id > lastId).OrderBy(r => r.Id).Take(Page)
                .Select(r => new { r.Id, r.Phone, r.Name, r.OptIn, r.Attributes }).ToListAsync(ct);
            if (page.Count == 0)
            {
                break;
            }

            var ids = page.Select(r => r.Id).ToList();
            var tags = (await db.RecipientTags.Where(t => ids.Contains(t.RecipientId)).Select(t => new { t.RecipientId, t.Tag }).ToListAsync(ct))
                .ToLookup(t => t.RecipientId, t => t.Tag);
            var line = new StringBuilder();
            foreach (var r in page)
            {
                line.Append(CsvCell.Row([
                    r.Phone, r.Name, CsvValues.JoinTags(tags[r.Id]), CsvValues.OptInText(r.OptIn),
                    .. keyList.Select(k => r.Attributes.GetValueOrDefault(k)),
                ])).Append("\r\n");
            }

            await w.WriteAsync(line, ct);
            count += page.Count;
            lastId = page[^1].Id;
        }

        await w.FlushAsync(ct);
        logger.Exported(byUser, count);
        await audit.WriteAsync(new AuditActor(null, byUser, null), AuditKind.RecipientsExported, null,
            AuditText.Of("AuditDetail.Exported", count, Describe(filter)), ct);
        return count;
    }

    private static AuditList Describe(RecipientFilter f) => AuditText.List(new[]
    {
        f.Search is { Length: > 0 } s ? AuditText.Of("AuditDetail.Filter.Search", s) : null,
        f.Tag is { Length: > 0 } t ? AuditText.Of("AuditDetail.Filter.Tag", t) : null,
        f.OptIn is { } o ? AuditText.Of("AuditDetail.Filter.OptIn", AuditText.Of($"OptIn.{o}")) : null,
        f.EligibleOnChannel is { } c ? AuditText.Of("AuditDetail.Filter.Channel", c.ToString(System.Globalization.CultureInfo.InvariantCulture)) : null,
    }.OfType<AuditText>());
}
