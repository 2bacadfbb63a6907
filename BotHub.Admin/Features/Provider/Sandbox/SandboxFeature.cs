using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BotHub.Admin.Features.Provider.Sandbox;

public static class SandboxFeature
{
    /// <summary>
    /// The sandbox provider and its server, started with the app. Channels and the inbound sink default to an empty
    /// in-memory list and a no-op; the app registers its own (database, signed webhook) before or after this call.
    /// </summary>
    public static IServiceCollection AddSandboxProvider(this IServiceCollection services)
    {
        services.AddOptions<SandboxOptions>().BindConfiguration(SandboxOptions.Section).ValidateDataAnnotations()
            .Validate(o => o.HasValidTierLimits(), "Bsp:Sandbox:TierLimits must list at least one limit, each above 0.")
            .Validate(o => SandboxControl.IsValidToken(o.ControlToken),
                "Bsp:Sandbox:ControlToken, when set, must be at least 16 visible ASCII characters (no spaces).")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(_ => new SandboxFaults(new Random()));
        services.TryAddSingleton<ISandboxChannels>(_ => new StaticSandboxChannels());
        services.TryAddSingleton<ISandboxInboundSink, NoOpSandboxInboundSink>();
        services.TryAddSingleton<SandboxProvider>();
        services.TryAddSingleton<SandboxServer>();
        services.TryAddSingleton<IInProcessProvider>(sp => sp.GetRequiredService<SandboxServer>());
        services.AddHostedService<SandboxHostedService>();
        return services;
    }
}
