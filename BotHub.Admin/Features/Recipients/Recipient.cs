namespace BotHub.Admin.Features.Recipients;

public enum OptInStatus
{
    Unknown,
    OptedIn,
    OptedOut,
}

public enum OptInSource
{
    Import,
    Inbound,
    Manual,
    Stop,
}

/// <summary>A WhatsApp user the business may message. The recipients issue extends it (tags, attributes, history).</summary>
public sealed class Recipient
{
    public int Id { get; set; }

    /// <summary>E.164, unique.</summary>
    public string Phone { get; set; } = "";

    public string? Name { get; set; }
    public OptInStatus OptIn { get; set; }
    public OptInSource? OptInSource { get; set; }
    public DateTime? OptInChangedUtc { get; set; }
    public DateTime CreatedUtc { get; set; }

    /// <summary>Free-form key/value pairs, used as template variables ({{attr:KEY}}).</summary>
    public Dictionary<string, string> Attributes { get; set; } = [];

    public List<RecipientTag> Tags { get; set; } = [];
}

/// <summary>One tag of a recipient; a table of its own so filtering by tag uses an index.</summary>
public sealed class RecipientTag
{
    public int RecipientId { get; set; }
    public string Tag { get; set; } = "";
}

/// <summary>Each change of a recipient's opt-in state: when, to what, how, and by whom.</summary>
public sealed class OptInChange
{
    public long Id { get; set; }
    public int RecipientId { get; set; }
    public DateTime AtUtc { get; set; }
    public OptInStatus Status { get; set; }
    public OptInSource Source { get; set; }

    /// <summary>The staff member who made a manual change or an import; null for the user's own messages.</summary>
    public string? ByUser { get; set; }
}

/// <summary>When the user last wrote to a channel: what makes them eligible that day.</summary>
public sealed class RecipientChannelActivity
{
    public int RecipientId { get; set; }
    public int ChannelId { get; set; }
    public DateTime LastInboundUtc { get; set; }
}

/// <summary>A message a user sent to a channel, as the provider's webhook delivered it.</summary>
public sealed class InboundMessage
{
    public long Id { get; set; }
    public int ChannelId { get; set; }

    /// <summary>The provider's id; a repeat is stored once.</summary>
    public string ProviderMessageId { get; set; } = "";

    public int RecipientId { get; set; }
    public string From { get; set; } = "";
    public string? Name { get; set; }
    public string Type { get; set; } = "text";
    public string? Text { get; set; }
    public DateTime SentUtc { get; set; }
    public DateTime ReceivedUtc { get; set; }
}
