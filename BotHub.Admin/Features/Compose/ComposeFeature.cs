namespace BotHub.Admin.Features.Compose;

/// <summary>The composer: audience planning, drafts, the broadcast creator and test sends.</summary>
public static class ComposeFeature
{
    public static void AddCompose(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<AudienceQuery>();
        builder.Services.AddSingleton<AudiencePlanner>();
        builder.Services.AddSingleton<BroadcastCreator>();
        builder.Services.AddSingleton<TestSender>();
        builder.Services.AddSingleton<DraftStore>();
    }
}
