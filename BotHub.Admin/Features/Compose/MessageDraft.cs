namespace BotHub.Admin.Features.Compose;

public enum DraftKind
{
    /// <summary>Work in progress of one person: message, recipients and schedule.</summary>
    Draft,

    /// <summary>A named message everyone can start from.</summary>
    Template,
}

/// <summary>A saved composition. The page's whole state is kept as JSON, so a draft reopens exactly as it was left.</summary>
public sealed class MessageDraft
{
    public int Id { get; set; }
    public DraftKind Kind { get; set; }
    public string Name { get; set; } = "";
    public string OwnerId { get; set; } = "";
    public string OwnerName { get; set; } = "";
    public string Type { get; set; } = "text";

    /// <summary>The start of the text or caption, for lists.</summary>
    public string? Summary { get; set; }

    public string PayloadJson { get; set; } = "{}";
    public DateTime CreatedUtc { get; set; }
    public DateTime UpdatedUtc { get; set; }
}
