using BotHub.Admin.Data;
using BotHub.Admin.Features.Recipients;
using BotHub.Admin.Features.Security;
using Microsoft.EntityFrameworkCore;

namespace BotHub.Admin.Features.Provider.Webhook;

public enum InboundResult
{
    Stored,
    Duplicate,
}

/// <summary>
/// Stores an inbound message once, marks the user as having written today, and honours STOP. Then it tells whoever
/// listens (<see cref="IInboundListener"/>) that an opted-in user wrote in: the engine sends what it kept for them.
/// </summary>
public sealed class InboundRecorder(IDbContextFactory<AppDbContext> factory, IEnumerable<IInboundListener> listeners, TimeProvider time)
{
    private static readonly string[] StopWords = ["STOP", "UNSUBSCRIBE", "退订"];

    public static bool IsStop(string? text) =>
        text is not null && StopWords.Any(w => string.Equals(text.Trim(), w, StringComparison.OrdinalIgnoreCase));

    public async Task<InboundResult> RecordAsync(int channelId, InboundPayload p, DateTimeOffset sentAt, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        if (await db.InboundMessages.AnyAsync(m => m.ChannelId == channelId && m.ProviderMessageId == p.Id, ct))
        {
            return InboundResult.Duplicate;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var sent = sentAt.UtcDateTime;
        var recipient = await db.Recipients.FirstOrDefaultAsync(r => r.Phone == p.From, ct);
        if (recipient is null)
        {
            recipient = new Recipient { Phone = p.From!, CreatedUtc = now };
            db.Recipients.Add(recipient);
        }

        // Cut to the columns, between characters: the provider (or someone with the secret) may send anything.
        var name = TextCap.Cap(p.Name?.Trim(), InboundPayload.MaxName);
        var text = TextCap.Cap(p.Text?.Body, InboundPayload.MaxText);
        if (!string.IsNullOrWhiteSpace(name))
        {
            recipient.Name = name;
        }

        var change = IsStop(p.Text?.Body) ? OptInStatus.OptedOut
            // Writing to the channel is opting in; a user who sent STOP stays out until staff opt them in again.
            : recipient.OptIn == OptInStatus.Unknown ? OptInStatus.OptedIn
            : (OptInStatus?)null;
        var changed = change is { } status && status != recipient.OptIn;
        if (changed)
        {
            SetOptIn(recipient, change!.Value, change == OptInStatus.OptedOut ? OptInSource.Stop : OptInSource.Inbound, now);
        }

        await db.SaveChangesAsync(ct);
        if (changed)
        {
            db.OptInChanges.Add(new OptInChange
            {
                RecipientId = recipient.Id, AtUtc = now, Status = recipient.OptIn, Source = recipient.OptInSource!.Value,
            });
        }

        db.InboundMessages.Add(new InboundMessage
        {
            ChannelId = channelId, ProviderMessageId = p.Id!, RecipientId = recipient.Id, From = p.From!, Name = name,
            Type = p.Type!, Text = text, SentUtc = sent, ReceivedUtc = now,
        });
        var activity = await db.RecipientActivity.FindAsync([recipient.Id, channelId], ct);
        if (activity is null)
        {
            db.RecipientActivity.Add(new RecipientChannelActivity { RecipientId = recipient.Id, ChannelId = channelId, LastInboundUtc = sent });
        }
        else if (sent > activity.LastInboundUtc)
        {
            activity.LastInboundUtc = sent;
        }

        try
        {
            await db.SaveChangesAsync(ct);
            if (recipient.OptIn == OptInStatus.OptedIn)
            {
                var wrote = new UserWroteIn(channelId, recipient.Id, sent);
                foreach (var listener in listeners)
                {
                    await listener.UserWroteInAsync(wrote, ct);
                }
            }

            return InboundResult.Stored;
        }
        catch (DbUpdateException)
        {
            // The same id arrived twice at once and the other request stored it; anything else is a real failure.
            if (await IsDuplicateAsync(channelId, p.Id!, ct))
            {
                return InboundResult.Duplicate;
            }

            throw;
        }
    }

    private static void SetOptIn(Recipient r, OptInStatus status, OptInSource source, DateTime now)
    {
        r.OptIn = status;
        r.OptInSource = source;
        r.OptInChangedUtc = now;
    }

    private async Task<bool> IsDuplicateAsync(int channelId, string id, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.InboundMessages.AnyAsync(m => m.ChannelId == channelId && m.ProviderMessageId == id, ct);
    }
}
