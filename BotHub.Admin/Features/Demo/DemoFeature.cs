using BotHub.Admin.Features.Provider;
using BotHub.Admin.Features.Provider.Sandbox;

namespace BotHub.Admin.Features.Demo;

/// <summary>The built-in sandbox set-up (the sandbox provider wired to the app's channels and webhook) and demo data.</summary>
public static class DemoFeature
{
    /// <summary>In sandbox mode (the default), the sandbox starts with the app, knows its channels and keys, and
    /// delivers its simulated inbound messages through the app's own signed webhook.</summary>
    public static void AddSandboxSetUp(this WebApplicationBuilder builder)
    {
        if (builder.UsesSandbox())
        {
            builder.Services.AddSingleton<ISandboxChannels, ChannelsForSandbox>();
            builder.Services.AddSingleton<ISandboxInboundSink, WebhookSandboxSink>();
            builder.Services.AddHttpClient(WebhookSandboxSink.ClientName);
            builder.Services.AddSandboxProvider();
        }
    }

    /// <summary>Demo:Seed, on by default in Development: a fresh database gets demo data (see <see cref="DemoSeed"/>).</summary>
    public static void AddDemo(this WebApplicationBuilder builder)
    {
        if (builder.Configuration.GetValue("Demo:Seed", builder.Environment.IsDevelopment()))
        {
            builder.Services.AddSingleton<DemoSeed>();
            builder.Services.AddHostedService<DemoSeedService>();
        }
    }
}
