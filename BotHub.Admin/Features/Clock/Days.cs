namespace BotHub.Admin.Features.Clock;

/// <summary>Where a zone's days begin, in UTC: a channel's day (who may get a push) and a person's date filters.</summary>
public static class Days
{
    /// <summary>The instant a zone's current day began (its local midnight), in UTC.</summary>
    public static DateTimeOffset DayStartUtc(TimeZoneInfo zone, DateTimeOffset now)
    {
        var local = TimeZoneInfo.ConvertTime(now, zone);
        return LocalMidnightToUtc(zone, local.Date);
    }

    /// <summary>The instant a zone's next day begins, in UTC.</summary>
    public static DateTimeOffset NextDayStartUtc(TimeZoneInfo zone, DateTimeOffset now)
    {
        var local = TimeZoneInfo.ConvertTime(now, zone);
        return LocalMidnightToUtc(zone, local.Date.AddDays(1));
    }

    /// <summary>The instant a day of this zone's calendar begins, in UTC (a date filter's "from").</summary>
    public static DateTimeOffset MidnightUtc(TimeZoneInfo zone, DateOnly day) =>
        LocalMidnightToUtc(zone, day.ToDateTime(TimeOnly.MinValue));

    // A midnight that a daylight-saving jump skips (some zones move at 00:00) counts from the first valid minute.
    private static DateTimeOffset LocalMidnightToUtc(TimeZoneInfo zone, DateTime localDate)
    {
        var t = DateTime.SpecifyKind(localDate, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(t))
        {
            t = t.AddMinutes(1);
        }

        var offset = zone.IsAmbiguousTime(t) ? zone.GetAmbiguousTimeOffsets(t).Max() : zone.GetUtcOffset(t);
        return new DateTimeOffset(t, offset).ToUniversalTime();
    }
}
