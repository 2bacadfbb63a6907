using BotHub.Admin.Features.Channels;
using BotHub.Admin.Features.Provider.Sandbox;
using BotHub.Admin.Features.Provider.Webhook;
using Microsoft.Extensions.Options;

namespace BotHub.Admin.Features.Provider;

public static class ProviderFeature
{
    public static void AddProvider(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<BspOptions>().BindConfiguration(BspOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<BspOptions>, BspOptionsValidator>();
        services.AddSingleton<BspEndpoint>();
        services.AddSingleton<ChannelSecrets>();
        services.AddSingleton<ChannelDirectory>();
        services.AddSingleton<ChannelSummaries>();
        services.AddSingleton<ChannelAdmin>();
        services.AddSingleton<ConfiguredChannelsSync>();
        services.AddSingleton<InboundRecorder>();

        // One request per call: no retry or resilience handler here; the sending engine owns retries.
        services.AddHttpClient<ProviderClient>(http => http.Timeout = Timeout.InfiniteTimeSpan);

        if (builder.Configuration.GetValue($"{BspOptions.Section}:{nameof(BspOptions.Mode)}", BspMode.Sandbox) == BspMode.Sandbox)
        {
            services.AddSingleton<ISandboxChannels, ChannelsForSandbox>();
            services.AddSingleton<ISandboxInboundSink, WebhookSandboxSink>();
            services.AddHttpClient(WebhookSandboxSink.ClientName);
            services.AddSandboxProvider();
        }
    }

    public static void MapProvider(this WebApplication app) => app.MapInboundWebhook();

    public static Task ApplyConfiguredChannelsAsync(this WebApplication app) =>
        app.Services.GetRequiredService<ConfiguredChannelsSync>().ApplyAsync();
}
