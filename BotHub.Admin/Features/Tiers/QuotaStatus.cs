using BotHub.Admin.Data;
using BotHub.Admin.Features.Channels;
using BotHub.Admin.Features.Recipients;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BotHub.Admin.Features.Tiers;

/// <summary>A channel's daily quota on one day of its zone.</summary>
public sealed record QuotaStatus(DateOnly Day, int AdminTier, int DerivedTier, int GoverningTier, int Limit, int Used,
    int DistinctInWindow, DateTimeOffset ResetsAt)
{
    public int Remaining => Math.Max(0, Limit - Used);
}

/// <summary>Reads quota use from the database (distinct users per channel and local day).</summary>
public sealed class QuotaReader(IOptions<TierOptions> options)
{
    public static DateOnly LocalDay(TimeZoneInfo zone, DateTimeOffset at) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, zone).DateTime);

    public async Task<QuotaStatus> ReadAsync(AppDbContext db, SendingChannel channel, DateTimeOffset at, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(channel);
        var tiers = options.Value;
        var day = LocalDay(channel.Zone, at);
        var windowStart = day.AddDays(1 - tiers.UpgradeWindowDays);
        var uses = db.QuotaUses.AsNoTracking().Where(q => q.ChannelId == channel.Id);
        var used = await uses.CountAsync(q => q.Day == day, ct);
        var inWindow = await uses.Where(q => q.Day >= windowStart && q.Day <= day).Select(q => q.RecipientId).Distinct().CountAsync(ct);
        var derived = tiers.DerivedTier(inWindow);
        var governing = TierOptions.Governing(channel.Tier, derived);
        return new QuotaStatus(day, channel.Tier, derived, governing, tiers.LimitOf(governing), used, inWindow,
            Eligibility.NextDayStartUtc(channel.Zone, at));
    }
}
