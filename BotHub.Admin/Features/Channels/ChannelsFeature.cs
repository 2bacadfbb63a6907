namespace BotHub.Admin.Features.Channels;

/// <summary>The keys page's operations. The channel services the engine and the webhook share are registered by AddProvider.</summary>
public static class ChannelsFeature
{
    public static void AddChannels(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ChannelEditor>();
        builder.Services.AddSingleton<ChannelKeys>();
        builder.Services.AddSingleton<KeyTester>();
    }
}
