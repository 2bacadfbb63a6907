using BotHub.Admin.Features.Provider;
using BotHub.Admin.Features.Recipients;

namespace BotHub.Admin.Features.Sending;

/// <summary>A delivery due to go, with what deciding and sending it needs.</summary>
public sealed record WorkItem(long Id, int BroadcastId, int? RecipientId, string Phone, string MessageId, string? Text, int Attempts,
    string Source, string Type, string? MediaUrl, string? Extension, int KeepDays, DateTime? ExpiresUtc,
    OptInStatus? OptIn, DateTime? LastInboundUtc, bool Checked)
{
    /// <summary>The claim that holds the delivery: every write for it names this (see <see cref="Delivery.ClaimedBy"/>).</summary>
    public string Claim { get; init; } = "";

    /// <summary>The provider's request, with the id made when the broadcast was created.</summary>
    public SendRequest ToRequest(DateTimeOffset now) =>
        SendRequests.Make(new MessageShape(Source, Type, MediaUrl, Extension), MessageId, Phone, now, Text);
}
