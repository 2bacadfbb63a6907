using System.Globalization;
using BotHub.Admin.Features.Channels;
using BotHub.Admin.Features.Users;
using BotHub.Admin.Resources;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using BotHub.Admin.Data;

namespace BotHub.Admin.Features.Clock;

/// <summary>
/// The signed-in person's time zone, and every time the pages show, in it with the zone named:
/// "2026-12-03 15:30 (Asia/Shanghai)". Until the zone is known (stored, or detected from the browser) it is UTC.
/// Pages take it as a cascading value, so a change of zone redraws every time on the page at once.
/// </summary>
public sealed class UserClock(IStringLocalizer<Strings> l, UserPreferences? preferences = null)
{
    private CascadingValueSource<UserClock>? _source;

    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;

    /// <summary>The zone's IANA name, as every time names it.</summary>
    public string ZoneName => Zone.Id;

    /// <summary>The person's zone was stored or chosen (not the UTC stand-in).</summary>
    public bool Known { get; private set; }

    internal void Attach(CascadingValueSource<UserClock> source) => _source = source;

    /// <summary>Uses this zone if it is a known IANA zone; false (and nothing changes) otherwise.</summary>
    public bool Use(string? zoneId)
    {
        if (!TimeZones.IsKnown(zoneId) || !TimeZoneInfo.TryFindSystemTimeZoneById(zoneId!, out var zone))
        {
            return false;
        }

        (Zone, Known) = (zone, true);
        return true;
    }

    /// <summary>Reads the person's stored zone; redraws the pages if there is one.</summary>
    public async Task LoadAsync(string userId, CancellationToken ct = default)
    {
        if (preferences is not null && Use(await preferences.GetTimeZoneAsync(userId, ct)))
        {
            await NotifyAsync();
        }
    }

    /// <summary>Stores the zone on the person and redraws every time shown; false for a zone that is not known.</summary>
    public async Task<bool> SetAsync(string userId, string? zoneId, CancellationToken ct = default)
    {
        if (!Use(zoneId))
        {
            return false;
        }

        if (preferences is not null)
        {
            await preferences.SetTimeZoneAsync(userId, Zone.Id, ct);
        }

        await NotifyAsync();
        return true;
    }

    public Task NotifyAsync() => _source?.NotifyChangedAsync() ?? Task.CompletedTask;

    public DateTimeOffset Local(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, Zone);

    /// <summary>"2026-12-03 15:30" in the person's zone, for a column or table whose header names the zone.</summary>
    public string DateTime(DateTimeOffset at, bool seconds = false) =>
        Local(at).ToString(seconds ? "yyyy-MM-dd HH:mm:ss" : "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    public string DateTime(DateTime utc, bool seconds = false) => DateTime(Utc(utc), seconds);

    /// <summary>"2026-12-03": the day in the person's zone.</summary>
    public string Date(DateTime utc) => Local(Utc(utc)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>"2026-12-03 15:30 (Asia/Shanghai)".</summary>
    public string Named(DateTimeOffset at) => DateTime(at) + " (" + ZoneName + ")";

    public string Named(DateTime utc) => Named(Utc(utc));

    /// <summary>"15:30" in the person's zone (a message bubble's time).</summary>
    public string Time(DateTimeOffset at) => Local(at).ToString("HH:mm", CultureInfo.InvariantCulture);

    public string Time(DateTime utc) => Time(Utc(utc));

    /// <summary>"15:30 (Asia/Shanghai)".</summary>
    public string TimeNamed(DateTimeOffset at) => Time(at) + " (" + ZoneName + ")";

    /// <summary>A header or caption for times shown without their zone: "Times in Asia/Shanghai".</summary>
    public string Caption => l["Clock.TimesIn", ZoneName];

    /// <summary>A column's title with the zone: "Created (Asia/Shanghai)".</summary>
    public string Column(string title) => l["Clock.Column", title, ZoneName];

    /// <summary>
    /// A moment of a channel's day (its midnight, quota reset, "eligible until"): in the channel's zone, and also in
    /// the person's when the two differ: "2026-12-03 23:59 channel time (Asia/Shanghai), 16:59 your time (Europe/Berlin)".
    /// </summary>
    public string ChannelTime(DateTimeOffset at, TimeZoneInfo channelZone, bool withDate = true)
    {
        ArgumentNullException.ThrowIfNull(channelZone);
        var there = TimeZoneInfo.ConvertTime(at, channelZone).ToString(withDate ? "yyyy-MM-dd HH:mm" : "HH:mm", CultureInfo.InvariantCulture);
        if (SameZone(channelZone))
        {
            return there + " (" + ZoneName + ")";
        }

        // The person's side carries its date only when it falls on another day than the channel's.
        var here = Local(at);
        var sameDay = here.Date == TimeZoneInfo.ConvertTime(at, channelZone).Date;
        var mine = here.ToString(withDate && !sameDay ? "yyyy-MM-dd HH:mm" : "HH:mm", CultureInfo.InvariantCulture);
        return l["Clock.ChannelAndYours", there, channelZone.Id, mine, ZoneName];
    }

    /// <summary>The same zone by name (the UTC aliases count as one).</summary>
    public bool SameZone(TimeZoneInfo other) => other is not null && (other.Id == Zone.Id || (IsUtc(other) && IsUtc(Zone)));

    /// <summary>The first instant of a day of the person's calendar (a date filter's "from").</summary>
    public DateTime DayStartUtc(DateOnly day) => Days.MidnightUtc(Zone, day).UtcDateTime;

    /// <summary>Today in the person's zone.</summary>
    public DateOnly Today(DateTimeOffset now) => DateOnly.FromDateTime(Local(now).DateTime);

    private static bool IsUtc(TimeZoneInfo z) => z.Id is "UTC" or "Etc/UTC" or "Etc/UCT" or "UCT" or "Etc/Universal" or "Etc/Zulu";

    /// <summary>A stored UTC time (the database gives it back without its kind).</summary>
    private static DateTimeOffset Utc(DateTime utc) => new(System.DateTime.SpecifyKind(utc, DateTimeKind.Utc));
}
