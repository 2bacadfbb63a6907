using BotHub.Admin.Data;
using BotHub.Admin.Features.Broadcasts;
using BotHub.Admin.Features.Channels;
using BotHub.Admin.Features.Recipients;
using Microsoft.EntityFrameworkCore;
using BotHub.Admin.Features.Sending;
using BotHub.Admin.Features.Tiers;
using BotHub.Admin.Features.Provider;

namespace BotHub.Admin.Features.Compose;

/// <summary>One picked recipient with what deciding about them needs: eligibility, values, checks and today's quota.</summary>
public sealed record AudienceRow(int Id, string Phone, string? Name, OptInStatus OptIn, Dictionary<string, string> Attributes,
    DateTime? LastInboundUtc, bool Checked, bool NotifiedToday);

/// <summary>The recipients an <see cref="AudienceChoice"/> picks, plus the pasted entries that match no recipient.</summary>
/// <param name="PastedIgnored">Pasted entries past <see cref="PastedPhones.MaxEntries"/>, not read.</param>
public sealed record AudienceSource(IQueryable<Recipient> Matched, IReadOnlyList<string> PastedUnknown, IReadOnlyList<string> PastedInvalid,
    int PastedIgnored = 0);

/// <summary>Turns a choice of recipients into a query, and streams the rows the planner and the broadcast need.</summary>
public sealed class AudienceQuery(RecipientQuery recipients, PhoneNormalizer normalizer)
{
    /// <param name="judgedLater">
    /// A scheduled broadcast, or one kept for days: "all eligible" then means everyone opted in, since who has written to
    /// the channel is judged when each message goes.
    /// </param>
    public async Task<AudienceSource> ResolveAsync(AppDbContext db, SendingChannel channel, AudienceChoice choice, bool judgedLater,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(choice);
        switch (choice.Mode)
        {
            case AudienceMode.Tags:
                var tags = choice.Tags.Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t.Trim()).Distinct().ToList();
                return Only(db.Recipients.AsNoTracking()
                    .Where(r => db.Set<RecipientTag>().Where(t => tags.Contains(t.Tag)).Select(t => t.RecipientId).Contains(r.Id)));
            case AudienceMode.Filter:
                return Only(recipients.Apply(db, new RecipientFilter(choice.Search, choice.Tag, choice.OptIn)));
            case AudienceMode.Saved:
                var id = choice.SelectionId ?? -1;
                return Only(db.Recipients.AsNoTracking()
                    .Where(r => db.Set<SavedSelectionMember>().Where(m => m.SelectionId == id).Select(m => m.RecipientId).Contains(r.Id)));
            case AudienceMode.Pasted:
                var list = PastedPhones.Parse(choice.Pasted, normalizer);
                var valid = list.Valid;
                var known = await db.Recipients.AsNoTracking().Where(r => valid.Contains(r.Phone)).Select(r => r.Phone).ToListAsync(ct);
                var knownSet = known.ToHashSet(StringComparer.Ordinal);
                return new(db.Recipients.AsNoTracking().Where(r => valid.Contains(r.Phone)),
                    valid.Where(p => !knownSet.Contains(p)).ToList(), list.Invalid, list.Ignored);
            case AudienceMode.AllEligible when judgedLater:
                return Only(recipients.Apply(db, new RecipientFilter(OptIn: OptInStatus.OptedIn)));
            default:
                return Only(recipients.Apply(db, new RecipientFilter(EligibleOnChannel: channel.Id, ChannelZone: channel.Zone)));
        }
    }

    /// <summary>The picked recipients with their state on the channel, in the order they would be sent.</summary>
    public static IQueryable<AudienceRow> Rows(AppDbContext db, IQueryable<Recipient> matched, int channelId, DateOnly today,
        DateTime checkedSince, SendOrder order)
    {
        ArgumentNullException.ThrowIfNull(db);
        var rows = matched.Select(r => new
        {
            r.Id,
            r.Phone,
            r.Name,
            r.OptIn,
            r.Attributes,
            LastInbound = db.Set<RecipientChannelActivity>().Where(a => a.RecipientId == r.Id && a.ChannelId == channelId)
                .Select(a => (DateTime?)a.LastInboundUtc).FirstOrDefault(),
            Checked = db.Set<ContactCheck>().Any(k => k.ChannelId == channelId && k.RecipientId == r.Id && k.CheckedUtc >= checkedSince),
            Notified = db.Set<QuotaUse>().Any(q => q.ChannelId == channelId && q.Day == today && q.RecipientId == r.Id),
        });
        rows = order == SendOrder.RecentlyActiveFirst
            ? rows.OrderByDescending(r => r.LastInbound).ThenBy(r => r.Id)
            : rows.OrderBy(r => r.Id);
        return rows.Select(r => new AudienceRow(r.Id, r.Phone, r.Name, r.OptIn, r.Attributes, r.LastInbound, r.Checked, r.Notified));
    }

    private static AudienceSource Only(IQueryable<Recipient> matched) => new(matched, [], []);
}
