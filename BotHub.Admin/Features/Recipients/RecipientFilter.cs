namespace BotHub.Admin.Features.Recipients;

public enum RecipientSort
{
    Phone,
    Name,
    Created,
    OptIn,
}

/// <summary>What the recipients page, its bulk actions, its export and the compose picker filter by.</summary>
/// <param name="Search">Part of the phone number or the name.</param>
/// <param name="EligibleOnChannel">Only recipients eligible now on this channel (needs <see cref="ChannelZone"/>).</param>
public sealed record RecipientFilter(
    string? Search = null,
    string? Tag = null,
    OptInStatus? OptIn = null,
    int? EligibleOnChannel = null,
    TimeZoneInfo? ChannelZone = null);

/// <summary>A row of the recipients grid.</summary>
public sealed record RecipientRow(int Id, string Phone, string? Name, OptInStatus OptIn, DateTime? OptInChangedUtc,
    DateTime CreatedUtc, IReadOnlyList<string> Tags);
