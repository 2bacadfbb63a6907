using System.Globalization;
using BotHub.Admin.Resources;
using Microsoft.Extensions.Localization;

namespace BotHub.Admin.Features.Clock;

/// <summary>Spans as the composer shows them: "3 min 20 s" (instants: <see cref="UserClock"/>).</summary>
public static class Durations
{
    public static string Format(IStringLocalizer<Strings> l, TimeSpan span)
    {
        ArgumentNullException.ThrowIfNull(l);
        var s = (long)Math.Ceiling(span.TotalSeconds);
        return s >= 3600 ? l["Duration.HoursMinutes", s / 3600, s % 3600 / 60]
            : s >= 60 ? l["Duration.MinutesSeconds", s / 60, s % 60]
            : l["Duration.Seconds", s];
    }
}
