using BotHub.Admin.Data;
using BotHub.Admin.Features.Audit;
using BotHub.Admin.Features.Provider;
using BotHub.Admin.Features.Recipients;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using BotHub.Admin.Features.Sending;

namespace BotHub.Admin.Features.Channels;

/// <summary>
/// Creates, edits and deletes channels made in the UI; each change is audited. Channels declared under Bsp:Channels
/// are the configuration's: the app would set them back at its next start, so they are refused here. In Live mode rate
/// and burst are at most the provider's 20 unless Bsp:AllowRateAboveProvider is set.
/// </summary>
public sealed class ChannelEditor(IDbContextFactory<AppDbContext> factory, PhoneNormalizer phones, ChannelAdmin admin, AuditLog audit,
    TimeProvider time, IOptions<BspOptions> bsp, ChannelReferences references)
{
    /// <summary>The highest rate and burst a channel may have with these settings.</summary>
    public int MaxRate => PacingLimit.Max(bsp.Value);

    public async Task<ChannelResult> CreateAsync(ChannelForm form, AuditActor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(actor);
        var phone = phones.Normalize(form.BotPhone);
        if (!phone.Ok)
        {
            return ChannelResult.Fail(ChannelError.InvalidPhone, PhoneDetail(phone));
        }

        if (form.Check(MaxRate) is { } error)
        {
            return ChannelResult.Fail(error);
        }

        await using var db = await factory.CreateDbContextAsync(ct);
        if (await db.Channels.AnyAsync(c => c.BotPhone == phone.E164, ct))
        {
            return ChannelResult.Fail(ChannelError.DuplicatePhone, phone.E164);
        }

        var channel = new Channel
        {
            BotPhone = phone.E164!, Name = form.Name.Trim(), TimeZone = form.TimeZone, Tier = form.Tier,
            RatePerSecond = form.RatePerSecond ?? ChannelForm.DefaultRate, Burst = form.Burst ?? ChannelForm.DefaultBurst,
            CreatedUtc = time.GetUtcNow().UtcDateTime,
        };

        // A channel always has a webhook secret, so users' messages reach it from the start; the page shows it once.
        var secret = ChannelSecrets.NewWebhookSecret();
        admin.Rotate(channel, secret);
        db.Channels.Add(channel);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Made by someone else since the look above: the unique index refused it.
            if (await PhoneTakenAsync(phone.E164!, ct))
            {
                return ChannelResult.Fail(ChannelError.DuplicatePhone, phone.E164);
            }

            throw;
        }

        await audit.WriteAsync(actor, AuditKind.ChannelCreated, channel.BotPhone,
            AuditText.Of("AuditDetail.ChannelCreated", channel.Name, channel.TimeZone, channel.Tier, channel.RatePerSecond, channel.Burst), ct);
        return ChannelResult.Done(channel.Id, secret);
    }

    /// <summary>Changes name, time zone, tier, rate and burst; the audit entry lists each change as "old → new".</summary>
    public async Task<ChannelResult> UpdateAsync(int channelId, ChannelForm form, AuditActor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(actor);
        if (form.Check(MaxRate) is { } error)
        {
            return ChannelResult.Fail(error);
        }

        await using var db = await factory.CreateDbContextAsync(ct);
        var channel = await db.Channels.FirstOrDefaultAsync(c => c.Id == channelId, ct);
        if (channel is null)
        {
            return ChannelResult.Fail(ChannelError.NotFound);
        }

        if (channel.FromConfiguration)
        {
            return ChannelResult.Fail(ChannelError.FromConfiguration);
        }

        var changes = new List<AuditText>();
        Change(changes, "AuditDetail.Field.name", channel.Name, form.Name.Trim(), v => channel.Name = v);
        Change(changes, "AuditDetail.Field.timezone", channel.TimeZone, form.TimeZone, v => channel.TimeZone = v);
        Change(changes, "AuditDetail.Field.tier", channel.Tier, form.Tier, v => channel.Tier = v);
        Change(changes, "AuditDetail.Field.rate", channel.RatePerSecond, form.RatePerSecond ?? ChannelForm.DefaultRate, v => channel.RatePerSecond = v);
        Change(changes, "AuditDetail.Field.burst", channel.Burst, form.Burst ?? ChannelForm.DefaultBurst, v => channel.Burst = v);
        if (changes.Count == 0)
        {
            return ChannelResult.Done(channel.Id);
        }

        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(actor, AuditKind.ChannelEdited, channel.BotPhone, AuditText.Of("AuditDetail.ChannelEdited", AuditText.Clauses(changes)), ct);
        return ChannelResult.Done(channel.Id);
    }

    /// <summary>
    /// Only a channel without history goes: one with broadcasts (their deliveries and quota use) or users' messages
    /// is refused with the reason, since deleting it would delete that history or leave it pointing nowhere.
    /// </summary>
    public async Task<ChannelResult> DeleteAsync(int channelId, AuditActor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await factory.CreateDbContextAsync(ct);
        var channel = await db.Channels.AsNoTracking().Where(c => c.Id == channelId)
            .Select(c => new { c.BotPhone, c.Name, c.FromConfiguration, Keys = c.Keys.Count }).FirstOrDefaultAsync(ct);
        if (channel is null)
        {
            return ChannelResult.Fail(ChannelError.NotFound);
        }

        if (channel.FromConfiguration)
        {
            return ChannelResult.Fail(ChannelError.FromConfiguration);
        }

        // One statement, so a broadcast made meanwhile is seen (and its foreign key would refuse the delete anyway).
        var kept = references.WithRows(db);
        var deleted = await db.Channels.Where(c => c.Id == channelId && !c.FromConfiguration && !kept.Contains(c.Id)).ExecuteDeleteAsync(ct);
        if (deleted == 0)
        {
            var active = await references.WithWorkToDo(db).AnyAsync(id => id == channelId, ct);
            return ChannelResult.Fail(active ? ChannelError.HasActiveBroadcasts : ChannelError.HasHistory);
        }

        await audit.WriteAsync(actor, AuditKind.ChannelDeleted, channel.BotPhone, AuditText.Of("AuditDetail.ChannelDeleted", channel.Name, channel.Keys), ct);
        return ChannelResult.Done(channelId);
    }

    private async Task<bool> PhoneTakenAsync(string phone, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Channels.AnyAsync(c => c.BotPhone == phone, ct);
    }

    private static void Change<T>(List<AuditText> changes, string what, T old, T now, Action<T> set)
        where T : notnull
    {
        if (!EqualityComparer<T>.Default.Equals(old, now))
        {
            changes.Add(AuditText.Of("AuditDetail.Change", AuditText.Of(what), old, now));
            set(now);
        }
    }

    /// <summary>A phone's problem as a result's detail ("NoCountryCode +86"), which the page words in its language.</summary>
    internal static string? PhoneDetail(PhoneParse phone) =>
        phone.Problem is { } p ? (phone.CountryCode is { } code ? $"{p} {code}" : p.ToString()) : null;

    internal static (PhoneProblem Problem, string? Code)? PhoneProblemOf(string? detail)
    {
        var parts = (detail ?? "").Split(' ', 2);
        return Enum.TryParse<PhoneProblem>(parts[0], out var p) && Enum.IsDefined(p) && !char.IsAsciiDigit(parts[0][0])
            ? (p, parts.Length > 1 ? parts[1] : null) : null;
    }
}
