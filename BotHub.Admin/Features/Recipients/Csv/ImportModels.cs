using BotHub.Admin.Resources;
using Microsoft.Extensions.Localization;
using BotHub.Admin.Features.Provider;

namespace BotHub.Admin.Features.Recipients.Csv;

public sealed record ImportOptions
{
    /// <summary>Rows read per write; each batch is one database transaction (or one step of the whole import's).</summary>
    public int BatchSize { get; init; } = 5_000;

    /// <summary>
    /// True (the default): the whole import is one transaction, so a cancelled or failed import changes nothing.
    /// False: each batch commits on its own; a cancelled or failed import keeps the batches committed before it.
    /// </summary>
    public bool Atomic { get; init; } = true;

    /// <summary>Comma or semicolon; null detects it from the header line.</summary>
    public char? Separator { get; init; }

    /// <summary>The file's size, for progress, when the stream cannot tell (a browser upload).</summary>
    public long? TotalBytes { get; init; }

    /// <summary>How many rejected rows are kept with their values (all are counted).</summary>
    public int MaxRejectsKept { get; init; } = 10_000;
}

public enum ImportOutcome
{
    Completed,
    Cancelled,
    Failed,
}

/// <summary>A row left out: its line number in the file (the header is line 1), its cells, and why.</summary>
public sealed record ImportReject(int Row, IReadOnlyList<string> Values, RejectReason Reason);

/// <summary>Why a row was left out, as a resource key and its values: the dialog and the rejects CSV say it in the reader's language.</summary>
public sealed class RejectReason
{
    private RejectReason(string key, params object[] args)
    {
        Key = key;
        Args = args;
    }

    public string Key { get; }
    public IReadOnlyList<object> Args { get; }

    public static RejectReason Columns(int cells, int header) => new("Import.Reject.Columns", cells, header);

    public static RejectReason Phone(PhoneParse phone)
    {
        ArgumentNullException.ThrowIfNull(phone);
        return new(PhoneText.Key(phone.Problem ?? PhoneProblem.NotANumber, phone.CountryCode), PhoneText.Args(phone));
    }

    public static RejectReason NameTooLong(int max) => new("Import.Reject.NameTooLong", max);

    public static RejectReason OptIn(string value) => new("Import.Reject.OptIn", value);

    public static RejectReason TagTooLong(string start, int max) => new("Import.Reject.TagTooLong", start, max);

    public string Text(IStringLocalizer<Strings> l)
    {
        ArgumentNullException.ThrowIfNull(l);
        return l[Key, [.. Args]];
    }
}

/// <param name="BytesRead">How far into the file (UTF-8 bytes) reading has got.</param>
/// <param name="TotalBytes">The file's size, when known.</param>
public sealed record ImportProgress(int RowsRead, long BytesRead, long? TotalBytes, int BatchesCommitted, int Rejected)
{
    /// <summary>0 to 1, or null when the size is unknown.</summary>
    public double? Fraction => TotalBytes is > 0 and var total ? Math.Clamp((double)BytesRead / total, 0, 1) : null;
}

/// <summary>
/// What an import did. Inserted, Updated and Unchanged count what the committed transactions hold: after a cancelled
/// or failed atomic import they are 0; after a cancelled batch-wise import they are the committed batches' counts.
/// </summary>
/// <param name="Merged">Rows that repeated a phone number earlier in the same batch and were merged into it.</param>
/// <param name="Header">The file's header, for the rejects CSV.</param>
public sealed record ImportResult(
    ImportOutcome Outcome,
    int RowsRead,
    int Inserted,
    int Updated,
    int Unchanged,
    int Merged,
    int Rejected,
    IReadOnlyList<ImportReject> Rejects,
    int BatchesCommitted,
    bool Atomic,
    IReadOnlyList<string> Header,
    string? Error);
