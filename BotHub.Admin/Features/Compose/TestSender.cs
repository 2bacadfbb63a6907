using BotHub.Admin.Features.Audit;

namespace BotHub.Admin.Features.Compose;

/// <summary>A test send of a message the person is composing or looking at: made by the composer's creator, sent by the engine.</summary>
public sealed class TestSender(BroadcastCreator creator, AuditLog audit)
{
    /// <summary>
    /// One message to one number, ahead of the queue but through the same limits (rate, quota, eligibility). It is a
    /// broadcast of its own, marked as a test (the broadcasts list hides it unless asked), with one audit entry: a test
    /// send to the number. A number that cannot get a push now makes nothing; the result says why.
    /// </summary>
    public async Task<CreateResult> SendAsync(ComposeModel model, string phone, AuditActor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(actor);
        var test = new ComposeModel
        {
            ChannelId = model.ChannelId,
            Message = model.Message.Copy(),
            Fallbacks = model.Fallbacks,
            Audience = new AudienceChoice { Mode = AudienceMode.Pasted, Pasted = phone },
        };
        var result = await creator.CreateTestAsync(test, actor, ct);
        if (result.BroadcastId is { } id)
        {
            await audit.WriteAsync(actor, AuditKind.TestSent, phone, AuditText.Of("AuditDetail.TestSent", phone, id.ToString(System.Globalization.CultureInfo.InvariantCulture)), ct);
        }

        return result;
    }
}
