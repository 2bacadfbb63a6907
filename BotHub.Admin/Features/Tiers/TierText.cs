using System.Globalization;
using BotHub.Admin.Resources;
using Microsoft.Extensions.Localization;

namespace BotHub.Admin.Features.Tiers;

/// <summary>An upgrade outlook in words, for the channel card and the all-channels table.</summary>
public static class TierText
{
    public static string Outlook(IStringLocalizer<Strings> l, UpgradeOutlook o, int windowDays)
    {
        ArgumentNullException.ThrowIfNull(l);
        ArgumentNullException.ThrowIfNull(o);
        var needed = o.DailyNeeded.ToString("N0", CultureInfo.CurrentCulture);
        return o.State switch
        {
            UpgradeState.TopTier => l["Tiers.Outlook.TopTierShort"],
            UpgradeState.Reached => l["Tiers.Outlook.Reached", o.NextTier ?? 0],
            UpgradeState.OnPace => l["Tiers.Outlook.OnPace", o.NextTier ?? 0, o.ProjectedDay!.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                Math.Round(o.DailyPace).ToString("N0", CultureInfo.CurrentCulture)],
            UpgradeState.BelowPace => l["Tiers.Outlook.BelowPace", Math.Round(o.DailyPace).ToString("N0", CultureInfo.CurrentCulture), needed, windowDays, o.NextTier ?? 0],
            _ => l["Tiers.Outlook.NoHistory", needed, windowDays, o.NextTier ?? 0],
        };
    }
}
