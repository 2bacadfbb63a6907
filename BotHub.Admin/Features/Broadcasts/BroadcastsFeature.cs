namespace BotHub.Admin.Features.Broadcasts;

public static class BroadcastsFeature
{
    public static void AddBroadcasts(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<BroadcastQuery>();
        builder.Services.AddSingleton<Live.BroadcastFailures>();
    }
}
