namespace BotHub.Admin.Features.Clock;

/// <summary>The IANA time zones this machine knows, for a channel's day boundary and a person's clock.</summary>
public static class TimeZones
{
    private static readonly Lazy<IReadOnlyList<string>> Ids = new(() =>
        TimeZoneInfo.GetSystemTimeZones().Select(z => z.HasIanaId ? z.Id : TimeZoneInfo.TryConvertWindowsIdToIanaId(z.Id, out var iana) ? iana : z.Id)
            .Append("UTC").Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList());

    public static IReadOnlyList<string> All => Ids.Value;

    public static bool IsKnown(string? id) =>
        !string.IsNullOrWhiteSpace(id) && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) && (zone.HasIanaId || id == "UTC");
}
