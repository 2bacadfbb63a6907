using BotHub.Admin.Data;
using BotHub.Admin.Features.Provider;
using Microsoft.EntityFrameworkCore;

namespace BotHub.Admin.Features.Channels;

/// <param name="Sending">The newest enabled key: the one the sender uses now.</param>
/// <param name="LatestCode">The provider's error code in its latest answer to this key (a request or a test); null if it worked or none came.</param>
public sealed record KeySummary(int Id, string Last4, bool IsEnabled, bool FromConfiguration, DateTime CreatedUtc, string? CreatedBy,
    DateTime? LastUsedUtc, int Requests24h, int Errors24h, int? LatestCode, bool Sending)
{
    public string Masked => KeyText.Masked(Last4);

    /// <summary>The provider's latest answer says this key, or its bot, does not work (10002, 10006).</summary>
    public bool Broken => LatestCode is 10002 or 10006;
}

/// <param name="PreviousSecretValidUntil">Set while the secret before the last rotation is still accepted.</param>
/// <param name="SecretFromConfiguration">The configuration declares the webhook secret: it is not rotated here.</param>
public sealed record ChannelSummary(int Id, string BotPhone, string Name, string TimeZone, int Tier, int RatePerSecond, int Burst,
    bool FromConfiguration, bool HasWebhookSecret, DateTime? WebhookSecretRotatedUtc, DateTime? PreviousSecretValidUntil,
    bool SecretFromConfiguration, IReadOnlyList<KeySummary> Keys);

/// <summary>Channels for display: nothing secret is read, only each key's last four characters; counts run in the database.</summary>
public sealed class ChannelSummaries(IDbContextFactory<AppDbContext> factory, ChannelAdmin admin, TimeProvider time, IKeyRequests requests)
{
    public static readonly TimeSpan CountWindow = TimeSpan.FromHours(24);

    public Task<IReadOnlyList<ChannelSummary>> ListAsync(CancellationToken ct = default) => ListAsync(counts: true, ct);

    /// <param name="counts">Count each key's requests and errors of the last 24 h (the keys page); without, they are 0
    /// and the busy keys' index entries are not walked (the dashboard's health card needs only the latest answers).</param>
    public async Task<IReadOnlyList<ChannelSummary>> ListAsync(bool counts, CancellationToken ct = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var since = now - CountWindow;
        await using var db = await factory.CreateDbContextAsync(ct);
        var channels = await db.Channels.AsNoTracking().OrderBy(c => c.Name)
            .Select(c => new
            {
                c.Id, c.BotPhone, c.Name, c.TimeZone, c.Tier, c.RatePerSecond, c.Burst, c.FromConfiguration,
                HasSecret = c.WebhookSecretProtected != null, HasPrevious = c.PreviousWebhookSecretProtected != null, c.WebhookSecretRotatedUtc,
            })
            .ToListAsync(ct);

        // Each count and "latest" is a subquery on the (ApiKeyId, AtUtc) index of tests; the engine counts its own requests.
        var keys = await db.ApiKeys.AsNoTracking()
            .Select(k => new
            {
                k.Id, k.ChannelId, k.Last4, k.IsEnabled, k.FromConfiguration, k.CreatedUtc, k.CreatedBy, k.LastUsedUtc,
                Requests = !counts ? 0 : db.Set<ApiKeyTest>().Count(t => t.ApiKeyId == k.Id && t.AtUtc >= since),
                Errors = !counts ? 0 : db.Set<ApiKeyTest>().Count(t => t.ApiKeyId == k.Id && t.AtUtc >= since && !OutcomeKinds.Worked.Contains(t.Outcome)),
                TestAt = db.Set<ApiKeyTest>().Where(t => t.ApiKeyId == k.Id).Max(t => (DateTime?)t.AtUtc),
                TestCode = db.Set<ApiKeyTest>().Where(t => t.ApiKeyId == k.Id).OrderByDescending(t => t.AtUtc).ThenByDescending(t => t.Id)
                    .Select(t => t.Code).FirstOrDefault(),
            })
            .ToListAsync(ct);

        var sent = await requests.OfKeysAsync([.. keys.Select(k => k.Id)], since, counts, ct);
        var byChannel = keys.ToLookup(k => k.ChannelId);
        return channels.Select(c =>
        {
            var own = byChannel[c.Id].OrderByDescending(k => k.CreatedUtc).ThenByDescending(k => k.Id).ToList();
            var sending = own.FirstOrDefault(k => k.IsEnabled)?.Id;
            var validUntil = c.HasPrevious && c.WebhookSecretRotatedUtc is { } r && r + ChannelDirectory.PreviousSecretGrace > now
                ? r + ChannelDirectory.PreviousSecretGrace : (DateTime?)null;
            return new ChannelSummary(c.Id, c.BotPhone, c.Name, c.TimeZone, c.Tier, c.RatePerSecond, c.Burst, c.FromConfiguration,
                c.HasSecret, c.WebhookSecretRotatedUtc, validUntil, admin.SecretFromConfiguration(c.BotPhone),
                own.Select(k => new KeySummary(k.Id, k.Last4, k.IsEnabled, k.FromConfiguration, k.CreatedUtc, k.CreatedBy, k.LastUsedUtc,
                    k.Requests + Of(sent, k.Id).Requests, k.Errors + Of(sent, k.Id).Errors,
                    k.TestAt is { } t && (Of(sent, k.Id).LatestAt is not { } a || t >= a) ? k.TestCode : Of(sent, k.Id).LatestCode,
                    k.Id == sending)).ToList());
        }).ToList();
    }

    private static KeyRequestCounts Of(IReadOnlyDictionary<int, KeyRequestCounts> counts, int keyId) =>
        counts.TryGetValue(keyId, out var c) ? c : KeyRequestCounts.None;
}
