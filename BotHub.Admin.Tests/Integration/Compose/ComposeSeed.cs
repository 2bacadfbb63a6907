using BotHub.Admin.Data;
using BotHub.Admin.Features.Audit;
using BotHub.Admin.Features.Channels;
using BotHub.Admin.Features.Compose;
using BotHub.Admin.Features.Recipients;
using BotHub.Admin.Features.Tiers;
using BotHub.Admin.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BotHub.Admin.Tests.Integration.Compose;

/// <summary>One recipient to seed: opt-in, when they last wrote to the test channel, and their check and quota state.</summary>
public sealed record Person(
    OptInStatus OptIn = OptInStatus.OptedIn,
    DateTime? LastInboundUtc = null,
    string? Name = "Alice",
    Dictionary<string, string>? Attributes = null,
    DateTime? CheckedUtc = null,
    bool NotifiedToday = false);

/// <summary>Seeding for the compose tests on <see cref="ChannelTestApp"/>: recipients with activity, checks and quota use.</summary>
public static class ComposeSeed
{
    public static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    public static readonly AuditActor Staff = new("user-1", "staff@test.local", "127.0.0.1");

    private static int _nextPhone;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<AppDbContext> DbAsync(this ChannelTestApp app) =>
        await app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(Ct);

    public static async Task<SendingChannel> ChannelAsync(this ChannelTestApp app) =>
        (await app.Services.GetRequiredService<SendingChannels>().ListAsync(Ct)).Single(c => c.BotPhone == ChannelTestApp.BotPhone);

    /// <summary>A phone number no other test of this process uses.</summary>
    public static string NewPhone() => $"+86139{Interlocked.Increment(ref _nextPhone):D8}";

    /// <summary>A tag no other test uses, so a test's audience is only its own recipients.</summary>
    public static string NewTag() => "t" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>
    /// Moves the clock (forward only) to 10:00 in the channel's zone when it is close to the zone's midnight, so "wrote a
    /// minute ago" is always today.
    /// </summary>
    public static void EnsureDaytime(this ChannelTestApp app)
    {
        var local = TimeZoneInfo.ConvertTime(app.Clock.GetUtcNow(), Shanghai);
        if (local.Hour is < 2 or >= 21)
        {
            var tenOClock = local.Date.AddDays(local.Hour >= 21 ? 1 : 0).AddHours(10);
            app.Clock.SetUtcNow(new DateTimeOffset(tenOClock, Shanghai.GetUtcOffset(tenOClock)));
        }
    }

    public static DateTime Now(this ChannelTestApp app) => app.Clock.GetUtcNow().UtcDateTime;

    /// <summary>An instant in the channel's previous day.</summary>
    public static DateTime Yesterday(this ChannelTestApp app) =>
        Eligibility.DayStartUtc(Shanghai, app.Clock.GetUtcNow()).UtcDateTime.AddHours(-2);

    /// <summary>Adds the people as recipients with the tag, in order (their ids grow in that order).</summary>
    public static async Task<List<Recipient>> SeedAsync(this ChannelTestApp app, string tag, params Person[] people)
    {
        var channel = await app.ChannelAsync();
        var day = QuotaReader.LocalDay(Shanghai, app.Clock.GetUtcNow());
        var created = new List<Recipient>();
        await using var db = await app.DbAsync();
        foreach (var p in people)
        {
            var r = new Recipient
            {
                Phone = NewPhone(),
                Name = p.Name,
                OptIn = p.OptIn,
                CreatedUtc = app.Now(),
                Attributes = p.Attributes ?? [],
                Tags = [new RecipientTag { Tag = tag }],
            };
            db.Recipients.Add(r);
            await db.SaveChangesAsync(Ct);
            created.Add(r);
            if (p.LastInboundUtc is { } last)
            {
                db.RecipientActivity.Add(new RecipientChannelActivity { RecipientId = r.Id, ChannelId = channel.Id, LastInboundUtc = last });
            }

            if (p.CheckedUtc is { } checkedUtc)
            {
                db.ContactChecks.Add(new ContactCheck { ChannelId = channel.Id, RecipientId = r.Id, CheckedUtc = checkedUtc });
            }

            if (p.NotifiedToday)
            {
                db.QuotaUses.Add(new QuotaUse { ChannelId = channel.Id, Day = day, RecipientId = r.Id, AtUtc = app.Now() });
            }
        }

        await db.SaveChangesAsync(Ct);
        return created;
    }

    public static ComposeModel Text(int channelId, string body, AudienceChoice audience) => new()
    {
        ChannelId = channelId,
        Message = new ComposedMessage { Type = "text", Body = body },
        Audience = audience,
    };

    public static AudienceChoice Tagged(string tag) => new() { Mode = AudienceMode.Tags, Tags = [tag] };
}
