using BotHub.Admin.Features.Broadcasts;
using BotHub.Admin.Features.Channels;
using BotHub.Admin.Features.Tiers;

namespace BotHub.Admin.Features.Compose;

public static class ComposeFeature
{
    public static void AddCompose(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<TierOptions>().BindConfiguration(TierOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => o.Tier1Limit <= o.Tier2Limit && o.Tier2Limit <= o.Tier3Limit && o.Tier2UpgradeAt <= o.Tier3UpgradeAt,
                "Bsp:Tiers: limits must grow from tier 1 to tier 3, and Tier2UpgradeAt must not exceed Tier3UpgradeAt.")
            .ValidateOnStart();
        builder.Services.AddSingleton<QuotaReader>();
        builder.Services.AddSingleton<SendingChannels>();
        builder.Services.AddSingleton<AudienceQuery>();
        builder.Services.AddSingleton<AudiencePlanner>();
        builder.Services.AddSingleton<BroadcastCreator>();
        builder.Services.AddSingleton<TestSender>();
        builder.Services.AddSingleton<DraftStore>();
        builder.Services.AddSingleton<SavedSelections>();
    }
}
