using BotHub.Admin.Data;
using Microsoft.EntityFrameworkCore;

namespace BotHub.Admin.Features.Recipients.Csv;

public readonly record struct BatchCounts(int Inserted, int Updated, int Unchanged);

/// <summary>Writes one batch of merged rows: one query per 500 phones for what exists, then inserts and updates.</summary>
public static class ImportBatchWriter
{
    private const int LookupChunk = 500;

    public static async Task<BatchCounts> WriteAsync(AppDbContext db, IReadOnlyCollection<ImportRow> rows, DateTime nowUtc,
        string? byUser, CancellationToken ct)
    {
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var existing = new Dictionary<string, Recipient>(rows.Count, StringComparer.Ordinal);
        foreach (var chunk in rows.Select(r => r.Phone).Chunk(LookupChunk))
        {
            foreach (var r in await db.Recipients.Include(r => r.Tags).Where(r => chunk.Contains(r.Phone)).ToListAsync(ct))
            {
                existing[r.Phone] = r;
            }
        }

        int updated = 0, unchanged = 0;
        var inserts = new List<Recipient>(rows.Count - existing.Count);
        foreach (var row in rows)
        {
            if (existing.TryGetValue(row.Phone, out var recipient))
            {
                if (Merge(db, recipient, row, nowUtc, byUser))
                {
                    updated++;
                }
                else
                {
                    unchanged++;
                }
            }
            else
            {
                inserts.Add(New(row, nowUtc));
            }
        }

        db.Recipients.AddRange(inserts);
        db.ChangeTracker.DetectChanges();
        await db.SaveChangesAsync(ct);

        // The new recipients' ids exist only now.
        var history = inserts.Where(r => r.OptIn != OptInStatus.Unknown)
            .Select(r => new OptInChange { RecipientId = r.Id, AtUtc = nowUtc, Status = r.OptIn, Source = OptInSource.Import, ByUser = byUser })
            .ToList();
        if (history.Count > 0)
        {
            db.OptInChanges.AddRange(history);
            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync(ct);
        }

        db.ChangeTracker.Clear();
        return new BatchCounts(inserts.Count, updated, unchanged);
    }

    private static Recipient New(ImportRow row, DateTime nowUtc)
    {
        var r = new Recipient
        {
            Phone = row.Phone,
            Name = row.Name,
            CreatedUtc = nowUtc,
            Attributes = new Dictionary<string, string>(row.Attributes, StringComparer.Ordinal),
            Tags = row.Tags.Select(t => new RecipientTag { Tag = t }).ToList(),
        };
        if (row.OptIn is { } optIn)
        {
            r.OptIn = optIn;
            r.OptInSource = OptInSource.Import;
            r.OptInChangedUtc = nowUtc;
        }

        return r;
    }

    /// <summary>Name if given, tags added, attributes merged, opt-in if stated and different. True when anything changed.</summary>
    private static bool Merge(AppDbContext db, Recipient r, ImportRow row, DateTime nowUtc, string? byUser)
    {
        var changed = false;
        if (row.Name is { } name && name != r.Name)
        {
            r.Name = name;
            changed = true;
        }

        var have = r.Tags.Select(t => t.Tag).ToHashSet(StringComparer.Ordinal);
        foreach (var tag in row.Tags.Where(t => !have.Contains(t)))
        {
            r.Tags.Add(new RecipientTag { RecipientId = r.Id, Tag = tag });
            changed = true;
        }

        if (row.Attributes.Any(a => !r.Attributes.TryGetValue(a.Key, out var v) || v != a.Value))
        {
            var merged = new Dictionary<string, string>(r.Attributes, StringComparer.Ordinal);
            foreach (var (key, value) in row.Attributes)
            {
                merged[key] = value;
            }

            r.Attributes = merged;
            changed = true;
        }

        if (row.OptIn is { } optIn && optIn != r.OptIn)
        {
            r.OptIn = optIn;
            r.OptInSource = OptInSource.Import;
            r.OptInChangedUtc = nowUtc;
            db.OptInChanges.Add(new OptInChange { RecipientId = r.Id, AtUtc = nowUtc, Status = optIn, Source = OptInSource.Import, ByUser = byUser });
            changed = true;
        }

        return changed;
    }
}
