namespace BotHub.Admin.Features.Provider.Webhook;

/// <summary>The inbound webhook: it verifies, stores and tells its listeners (<see cref="IInboundListener"/>).</summary>
public static class WebhookFeature
{
    public static void AddWebhook(this WebApplicationBuilder builder) => builder.Services.AddSingleton<InboundRecorder>();

    public static void MapWebhook(this WebApplication app) => app.MapInboundWebhook();
}
