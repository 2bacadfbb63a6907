using Microsoft.Extensions.Options;

namespace BotHub.Admin.Features.Provider;

/// <summary>The provider's protocol: its settings, its address and the client (one call, one request).</summary>
public static class ProviderFeature
{
    public static void AddProvider(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<BspOptions>().BindConfiguration(BspOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<BspOptions>, BspOptionsValidator>();
        services.AddSingleton<BspEndpoint>();

        // One request per call: no retry or resilience handler here; the sending engine owns retries.
        services.AddHttpClient<ProviderClient>(http => http.Timeout = Timeout.InfiniteTimeSpan);
    }

    /// <summary>True when the app talks to its built-in sandbox (Bsp:Mode, Sandbox by default).</summary>
    public static bool UsesSandbox(this WebApplicationBuilder builder) =>
        builder.Configuration.GetValue($"{BspOptions.Section}:{nameof(BspOptions.Mode)}", BspMode.Sandbox) == BspMode.Sandbox;
}
