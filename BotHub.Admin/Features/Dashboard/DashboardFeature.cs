namespace BotHub.Admin.Features.Dashboard;

/// <summary>The home dashboard's own query; its cards read the broadcasts', tiers' and channels' services.</summary>
public static class DashboardFeature
{
    public static void AddDashboard(this WebApplicationBuilder builder) => builder.Services.AddSingleton<ChannelHealthQuery>();
}
