using BotHub.Admin.Data;
using BotHub.Admin.Features.Audit;
using BotHub.Admin.Features.Provider;
using BotHub.Admin.Features.Recipients;
using Microsoft.EntityFrameworkCore;

namespace BotHub.Admin.Features.Channels;

/// <summary>A key test's answer: the provider's outcome, and for a check that went through, whether a push may go.</summary>
public sealed record KeyTestResult(ChannelError? Error, string? Detail, string? Phone, ProviderOutcome? Outcome, bool CanPush, string? Reason)
{
    public bool Works => Outcome is { IsSuccess: true };
}

/// <summary>
/// The keys page's "Test": ONE pre-send check with one key, to a number the admin types. It takes a token from the
/// channel's pace (IChannelPace, the engine's sender bucket), so it is paced with the engine's requests on that channel; it is recorded
/// as the key's request (ApiKeyTests, not a delivery attempt: it belongs to no delivery) and its last use, and audited.
/// </summary>
public sealed class KeyTester(IDbContextFactory<AppDbContext> factory, ChannelSecrets secrets, ProviderClient client, IChannelPace pace,
    PhoneNormalizer phones, AuditLog audit, TimeProvider time)
{
    public async Task<KeyTestResult> TestAsync(int keyId, string? phone, AuditActor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await factory.CreateDbContextAsync(ct);
        var key = await db.ApiKeys.AsNoTracking().Where(k => k.Id == keyId)
            .Join(db.Channels, k => k.ChannelId, c => c.Id, (k, c) => new { k.ProtectedValue, k.Last4, ChannelId = c.Id, c.BotPhone, c.RatePerSecond, c.Burst })
            .FirstOrDefaultAsync(ct);
        if (key is null)
        {
            return new KeyTestResult(ChannelError.NotFound, null, null, null, false, null);
        }

        var to = phones.Normalize(string.IsNullOrWhiteSpace(phone) ? key.BotPhone : phone);
        if (!to.Ok)
        {
            return new KeyTestResult(ChannelError.InvalidPhone, ChannelEditor.PhoneDetail(to), null, null, false, null);
        }

        await pace.TakeTurnAsync(key.ChannelId, key.RatePerSecond, key.Burst, ct);
        var at = time.GetUtcNow().UtcDateTime;
        var check = await client.CheckAsync(key.BotPhone, secrets.Unprotect(key.ProtectedValue),
            new CheckRequest { Id = Guid.NewGuid().ToString("N"), To = to.E164 }, ct);
        db.ApiKeyTests.Add(new ApiKeyTest { ApiKeyId = keyId, AtUtc = at, Outcome = check.Outcome.Kind, Code = check.Outcome.Error?.Code });
        await db.SaveChangesAsync(ct);
        await db.ApiKeys.Where(k => k.Id == keyId).ExecuteUpdateAsync(u => u.SetProperty(k => k.LastUsedUtc, at), ct);

        var answer = check.Outcome switch
        {
            { IsSuccess: true } when check.CanPush => AuditText.Of("AuditDetail.Key.Works"),
            { IsSuccess: true } => AuditText.Of("AuditDetail.Key.WorksNoPush", check.Reason),
            { Error: { } e } => AuditText.Of("AuditDetail.Key.Error", e.Code.ToString(System.Globalization.CultureInfo.InvariantCulture), AuditText.Words(e.Info.English, e.Info.Chinese)),
            _ => AuditText.Of("AuditDetail.Key.Outcome", check.Outcome.Kind.ToString()),
        };
        await audit.WriteAsync(actor, AuditKind.ApiKeyTested, key.BotPhone, AuditText.Of("AuditDetail.Key.Tested", KeyText.Masked(key.Last4), to.E164, answer), ct);
        return new KeyTestResult(null, null, to.E164, check.Outcome, check.CanPush, check.Reason);
    }
}
