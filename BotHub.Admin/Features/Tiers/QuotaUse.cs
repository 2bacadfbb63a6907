namespace BotHub.Admin.Features.Tiers;

/// <summary>
/// One distinct user notified by a channel on one day of its zone: the unit of the daily quota. The sending engine
/// reserves the row before a send and removes it if the send fails; a second message that day needs no new row.
/// </summary>
public sealed class QuotaUse
{
    public int ChannelId { get; set; }

    /// <summary>The channel's local date.</summary>
    public DateOnly Day { get; set; }

    public int RecipientId { get; set; }
    public DateTime AtUtc { get; set; }

    /// <summary>The broadcast whose delivery reserved the unit (null for rows written before it was recorded).</summary>
    public int? BroadcastId { get; set; }
}

/// <summary>A positive pre-send check, remembered per channel and user so later messages cost one request.</summary>
public sealed class ContactCheck
{
    public int ChannelId { get; set; }
    public int RecipientId { get; set; }
    public DateTime CheckedUtc { get; set; }
}
