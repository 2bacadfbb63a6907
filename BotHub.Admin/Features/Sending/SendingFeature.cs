namespace BotHub.Admin.Features.Sending;

public static class SendingFeature
{
    public static void AddSending(this WebApplicationBuilder builder)
    {
        var s = builder.Services;
        s.AddOptions<SendingOptions>().BindConfiguration(SendingOptions.Section).ValidateDataAnnotations()
            .Validate(o => o.FirstRetryDelay > TimeSpan.Zero && o.MaxRetryDelay >= o.FirstRetryDelay,
                "Sending:FirstRetryDelay must be positive and not above Sending:MaxRetryDelay.")
            .Validate(o => o.IdlePoll > TimeSpan.Zero && o.DrainTimeout >= TimeSpan.Zero, "Sending:IdlePoll must be positive.")
            .Validate(o => o.ClaimLease >= TimeSpan.FromSeconds(1), "Sending:ClaimLease must be at least one second.")
            .Validate(o => o.ProbeEvery > TimeSpan.Zero, "Sending:ProbeEvery must be positive.")
            .ValidateOnStart();
        s.AddSingleton<EngineInstance>();
        s.AddSingleton<EngineWriter>();
        s.AddSingleton<EngineStore>();
        s.AddSingleton<ProgressNotifier>();
        s.AddSingleton<CompletedBroadcasts>();
        s.AddSingleton<SendingSignal>();
        s.AddSingleton<BroadcastControl>();
        s.AddSingleton<PausedChannels>();
        s.AddSingleton<EngineActivity>();
        s.AddSingleton(sp => new ChannelPacing(sp.GetRequiredService<TimeProvider>(),
            Provider.PacingLimit.Max(sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<Provider.BspOptions>>().Value)));
        s.AddSingleton<KeyUsage>();
        s.AddSingleton<Provider.Webhook.IInboundListener, SendKeptOnInbound>();
        s.AddSingleton<Channels.IChannelReferences, BroadcastChannelReferences>();
        s.AddSingleton<Tiers.IBroadcastLabels, BroadcastLabels>();
        s.AddSingleton<Channels.IKeyRequests, KeyRequests>();
        s.AddSingleton<Channels.IChannelPace, ChannelTurns>();
        s.AddSingleton<ProviderCall>();
        s.AddSingleton<ChannelWorkerFactory>();
        s.AddHostedService<SendingEngine>();
    }
}
