namespace BotHub.Admin.Features.Provider.Webhook;

/// <summary>An opted-in user wrote to a channel (the message is stored): from now until the channel's midnight they may get pushes.</summary>
public sealed record UserWroteIn(int ChannelId, int RecipientId, DateTime SentUtc);

/// <summary>Told by the webhook after it stored a message; the webhook knows no listener, each feature registers its own.</summary>
public interface IInboundListener
{
    Task UserWroteInAsync(UserWroteIn wrote, CancellationToken ct);
}
