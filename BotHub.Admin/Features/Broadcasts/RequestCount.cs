using System.Globalization;
using BotHub.Admin.Resources;
using Microsoft.Extensions.Localization;

namespace BotHub.Admin.Features.Broadcasts;

/// <summary>A delivery's requests in words, counted from its history: "1 contact check, 2 sends".</summary>
public static class RequestCount
{
    public static string Text(IStringLocalizer<Strings> l, int checks, int sends)
    {
        ArgumentNullException.ThrowIfNull(l);
        var parts = new List<string>(2);
        if (checks > 0)
        {
            parts.Add(checks == 1 ? l["Deliveries.Checks.One"] : l["Deliveries.Checks.Many", N(checks)]);
        }

        if (sends > 0)
        {
            parts.Add(sends == 1 ? l["Deliveries.Sends.One"] : l["Deliveries.Sends.Many", N(sends)]);
        }

        return parts.Count == 0 ? l["Deliveries.Requests.None"] : string.Join(l["Deliveries.Requests.Separator"], parts);
    }

    private static string N(int n) => n.ToString("N0", CultureInfo.CurrentCulture);
}
