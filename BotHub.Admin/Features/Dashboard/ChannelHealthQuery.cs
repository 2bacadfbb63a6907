using BotHub.Admin.Data;
using BotHub.Admin.Features.Channels;
using BotHub.Admin.Features.Sending;
using Microsoft.EntityFrameworkCore;
using BotHub.Admin.Features.Recipients;

namespace BotHub.Admin.Features.Dashboard;

/// <summary>One channel's health as an admin checks it first: paused or not and why, keys that do not work, and the webhook.</summary>
/// <param name="Paused">Set when the engine paused the channel, with the provider's decoded answer.</param>
/// <param name="BrokenKeys">Keys whose latest answer was 10002 or 10006.</param>
/// <param name="NoEnabledKey">The channel cannot send: none of its keys is enabled.</param>
/// <param name="LastInboundUtc">When a user's message last came in through the webhook; null if none ever did.</param>
public sealed record ChannelHealth(int Id, string Name, string BotPhone, PausedChannel? Paused, IReadOnlyList<KeySummary> BrokenKeys,
    bool NoEnabledKey, DateTime? LastInboundUtc)
{
    public bool Healthy => Paused is null && BrokenKeys.Count == 0 && !NoEnabledKey;
}

public sealed class ChannelHealthQuery(IDbContextFactory<AppDbContext> factory, ChannelSummaries summaries, PausedChannels paused)
{
    public async Task<IReadOnlyList<ChannelHealth>> ListAsync(CancellationToken ct = default)
    {
        var channels = await summaries.ListAsync(counts: false, ct);
        var pausedById = (await paused.ListAsync(ct)).ToDictionary(p => p.Id);
        await using var db = await factory.CreateDbContextAsync(ct);
        // Read on the (ChannelId, LastInboundUtc) index: each user's latest message per channel, the newest of them.
        var lastInbound = await db.RecipientActivity.AsNoTracking().GroupBy(a => a.ChannelId)
            .Select(g => new { ChannelId = g.Key, Last = g.Max(a => a.LastInboundUtc) })
            .ToDictionaryAsync(x => x.ChannelId, x => x.Last, ct);
        return channels
            .Select(c => new ChannelHealth(c.Id, c.Name, c.BotPhone, pausedById.GetValueOrDefault(c.Id),
                c.Keys.Where(k => k.Broken).ToList(), !c.Keys.Any(k => k.IsEnabled),
                lastInbound.TryGetValue(c.Id, out var last) ? last : null))
            .OrderBy(h => h.Healthy).ThenBy(h => h.Name)
            .ToList();
    }
}
