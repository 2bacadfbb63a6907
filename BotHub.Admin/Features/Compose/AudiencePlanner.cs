using BotHub.Admin.Data;
using BotHub.Admin.Features.Broadcasts;
using BotHub.Admin.Features.Channels;
using BotHub.Admin.Features.Provider;
using BotHub.Admin.Features.Tiers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using BotHub.Admin.Features.Sending;

namespace BotHub.Admin.Features.Compose;

/// <summary>
/// Works out, before sending, what a broadcast would do: who is excluded and why, what today's quota covers, how long
/// the send takes at the channel's rate, and whether it ends before the channel's midnight.
/// </summary>
public sealed class AudiencePlanner(IDbContextFactory<AppDbContext> factory, AudienceQuery audience, QuotaReader quota,
    IOptions<BspOptions> bsp, TimeProvider time)
{
    public async Task<AudiencePlan> PlanAsync(ComposeModel model, SendingChannel channel, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(channel);
        var now = time.GetUtcNow();
        var start = model.ScheduledUtc() is { } at && at > now ? at : now;
        var judgedAtRun = start > now;
        await using var db = await factory.CreateDbContextAsync(ct);
        var source = await audience.ResolveAsync(db, channel, model.Audience, judgedAtRun || model.KeepDays > 0, ct);
        var status = await quota.ReadAsync(db, channel, start, ct);
        var rules = new AudienceRules(model, channel.Zone, now, judgeEligibility: !judgedAtRun);
        var missing = rules.Variables.ToDictionary(v => v, _ => 0);
        var excluded = new Dictionary<ExclusionReason, int>();
        var tally = new Tally(status.Remaining, channel, start);
        var forecast = new ForecastTally(channel.Zone, now, start, judgedAtRun, model.KeepDays);
        int selected = 0, eligible = 0, waiting = 0;

        var rows = AudienceQuery.Rows(db, source.Matched, channel.Id, status.Day, (now - bsp.Value.CheckValidFor).UtcDateTime, model.Order);
        await foreach (var row in rows.AsAsyncEnumerable().WithCancellation(ct))
        {
            selected++;
            var values = new RecipientValues(row.Phone, row.Name, row.Attributes);
            foreach (var variable in rules.Variables)
            {
                if (values.ValueOf(variable) is null)
                {
                    missing[variable]++;
                }
            }

            var decision = rules.Decide(row);
            forecast.Add(row, decision);
            switch (decision.Kind)
            {
                case RowDecisionKind.Send:
                    eligible++;
                    tally.Add(row);
                    break;
                case RowDecisionKind.Wait:
                    waiting++;
                    break;
                default:
                    Count(excluded, decision.Reason!.Value, 1);
                    break;
            }
        }

        Count(excluded, ExclusionReason.NotARecipient, source.PastedUnknown.Count);
        Count(excluded, ExclusionReason.InvalidNumber, source.PastedInvalid.Count);
        forecast.Exclude(ExclusionReason.NotARecipient, source.PastedUnknown.Count);
        forecast.Exclude(ExclusionReason.InvalidNumber, source.PastedInvalid.Count);
        return new AudiencePlan
        {
            Selected = selected + source.PastedUnknown.Count + source.PastedInvalid.Count,
            Eligible = eligible,
            Waiting = waiting,
            Excluded = excluded,
            Quota = status,
            AlreadyNotifiedToday = tally.AlreadyNotified,
            GoToday = tally.GoToday,
            WaitForQuota = tally.WaitForQuota,
            NewUsers = tally.NewUsers,
            CheckedUsers = tally.CheckedUsers,
            RatePerSecond = channel.RatePerSecond,
            Duration = tally.Duration,
            Start = start,
            Midnight = status.ResetsAt,
            LikelyLost = tally.LikelyLost,
            JudgedAtRun = judgedAtRun,
            Forecast = forecast.Result(),
            PastedIgnored = source.PastedIgnored,
            Variables = missing.Select(kv => new VariableUse(kv.Key, kv.Value)).ToList(),
        };
    }

    /// <summary>The first picked recipients in sending order, for the preview's sample.</summary>
    public async Task<IReadOnlyList<AudienceRow>> SamplesAsync(ComposeModel model, SendingChannel channel, int count, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(channel);
        var now = time.GetUtcNow();
        await using var db = await factory.CreateDbContextAsync(ct);
        var source = await audience.ResolveAsync(db, channel, model.Audience, model.ScheduledUtc() > now || model.KeepDays > 0, ct);
        return await AudienceQuery.Rows(db, source.Matched, channel.Id, QuotaReader.LocalDay(channel.Zone, now), now.UtcDateTime, model.Order)
            .Take(count).ToListAsync(ct);
    }

    /// <summary>Attribute keys recipients have, for the "insert variable" menu.</summary>
    public async Task<IReadOnlyList<string>> AttributeKeysAsync(CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Database
            .SqlQuery<string>($"""SELECT DISTINCT j.key AS "Value" FROM "Recipients" AS r, json_each(r."AttributesJson") AS j ORDER BY 1 LIMIT 30""")
            .ToListAsync(ct);
    }

    private static void Count(Dictionary<ExclusionReason, int> counts, ExclusionReason reason, int n)
    {
        if (n > 0)
        {
            counts[reason] = counts.GetValueOrDefault(reason) + n;
        }
    }

    /// <summary>
    /// Walks the eligible recipients in sending order: who today's quota covers, what each costs in requests (a check
    /// and a send for a user not checked yet), and who would be reached only after midnight at the channel's rate.
    /// </summary>
    private sealed class Tally(int quotaLeft, SendingChannel channel, DateTimeOffset start)
    {
        private readonly double _secondsToMidnight = (Recipients.Eligibility.NextDayStartUtc(channel.Zone, start) - start).TotalSeconds;
        private int _quotaLeft = quotaLeft;
        private long _requests;

        public int AlreadyNotified { get; private set; }
        public int GoToday { get; private set; }
        public int WaitForQuota { get; private set; }
        public int NewUsers { get; private set; }
        public int CheckedUsers { get; private set; }
        public int LikelyLost { get; private set; }
        public TimeSpan Duration => TimeSpan.FromSeconds(SecondsFor(_requests));

        public void Add(AudienceRow row)
        {
            if (row.NotifiedToday)
            {
                AlreadyNotified++;
            }
            else if (_quotaLeft > 0)
            {
                _quotaLeft--;
            }
            else
            {
                WaitForQuota++;
                return;
            }

            GoToday++;
            if (row.Checked)
            {
                CheckedUsers++;
                _requests += 1;
            }
            else
            {
                NewUsers++;
                _requests += 2;
            }

            if (SecondsFor(_requests) > _secondsToMidnight)
            {
                LikelyLost++;
            }
        }

        // The bucket starts full: the first Burst requests go at once, the rest at the rate.
        private double SecondsFor(long requests) =>
            Math.Max(0, requests - Math.Max(0, channel.Burst)) / (double)Math.Max(1, channel.RatePerSecond);
    }
}
