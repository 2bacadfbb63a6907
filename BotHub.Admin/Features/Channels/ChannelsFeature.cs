namespace BotHub.Admin.Features.Channels;

/// <summary>Channels, their keys and secrets: what the keys page, the engine and the webhook read and change.</summary>
public static class ChannelsFeature
{
    public static void AddChannels(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<ChannelSecrets>();
        services.AddSingleton<ChannelDirectory>();
        services.AddSingleton<SendingChannels>();
        services.AddSingleton<ChannelSummaries>();
        services.AddSingleton<ChannelAdmin>();
        services.AddSingleton<ConfiguredChannelsSync>();
        services.AddSingleton<ChannelReferences>();
        services.AddSingleton<ChannelEditor>();
        services.AddSingleton<ChannelKeys>();
        services.AddSingleton<KeyTester>();
    }

    public static Task ApplyConfiguredChannelsAsync(this WebApplication app) =>
        app.Services.GetRequiredService<ConfiguredChannelsSync>().ApplyAsync();
}
