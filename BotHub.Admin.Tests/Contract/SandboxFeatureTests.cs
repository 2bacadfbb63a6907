using BotHub.Admin.Features.Provider;
using BotHub.Admin.Features.Provider.Sandbox;
using BotHub.Admin.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BotHub.Admin.Tests.Contract;

/// <summary>AddSandboxProvider in a generic host: options, defaults that give way, and the hosted server.</summary>
public sealed class SandboxFeatureTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static IHost Build(Dictionary<string, string?> settings, Action<IServiceCollection>? before = null, LogSink? logs = null)
    {
        // No default sources: the app's appsettings.json and environment must not leak into the test.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddLogging(l =>
        {
            if (logs is not null)
            {
                l.AddProvider(logs);
            }
        });
        builder.Configuration.AddInMemoryCollection(settings);
        before?.Invoke(builder.Services);
        builder.Services.AddSandboxProvider();
        return builder.Build();
    }

    [Fact]
    public async Task Host_StartsTheSandboxOnTheConfiguredPort_WithItsDefaults_AndPointsTheProviderClientAtIt()
    {
        using var host = Build(new() { ["Bsp:Sandbox:Port"] = "0", ["Bsp:Sandbox:TierLimits:0"] = "7" }, s => s.AddSingleton<BspEndpoint>());
        await host.StartAsync(Ct);

        var server = host.Services.GetRequiredService<SandboxServer>();
        using var http = new HttpClient { BaseAddress = server.BaseUrl };
        var stats = await http.GetStringAsync(new Uri("/_sandbox/stats", UriKind.Relative), Ct);
        var options = host.Services.GetRequiredService<IOptions<SandboxOptions>>().Value;

        Assert.Equal("""{"channels":{}}""", stats);
        Assert.Equal(server.BaseUrl, host.Services.GetRequiredService<BspEndpoint>().BaseUrl);
        Assert.IsType<StaticSandboxChannels>(host.Services.GetRequiredService<ISandboxChannels>());
        Assert.IsType<NoOpSandboxInboundSink>(host.Services.GetRequiredService<ISandboxInboundSink>());
        Assert.Equal((20, 40, 7, 7), (options.BucketRate, options.BucketSize, options.LimitFor(1), options.LimitFor(3)));
        await host.StopAsync(Ct);
        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetStringAsync(new Uri("/_sandbox/stats", UriKind.Relative), Ct));
    }

    [Fact]
    public async Task Host_KeepsTheAppsOwnChannelsAndSink_RegisteredBeforeOrAfter()
    {
        var channels = new StaticSandboxChannels(new SandboxChannel(SandboxMessages.Bot, [SandboxMessages.Key], 1, TimeZoneInfo.Utc));
        using var host = Build(new() { ["Bsp:Sandbox:Port"] = "0" }, s => s.AddSingleton<ISandboxChannels>(channels));
        await host.StartAsync(Ct);

        var outcome = await host.Services.GetRequiredService<SandboxProvider>().RecordInboundAsync(SandboxMessages.Bot, SandboxMessages.User, null, "hi", Ct);

        Assert.Null(outcome.Refusal);
        Assert.Same(channels, host.Services.GetRequiredService<ISandboxChannels>());
        await host.StopAsync(Ct);
    }

    [Fact]
    public async Task Host_MakesAControlTokenEachRun_AndShowsItOnceWithACurlLine()
    {
        var logs = new LogSink();
        string[] tokens = new string[2];
        for (var run = 0; run < 2; run++)
        {
            using var host = Build(new() { ["Bsp:Sandbox:Port"] = "0" }, logs: logs);
            await host.StartAsync(Ct);
            tokens[run] = host.Services.GetRequiredService<SandboxServer>().ControlToken;
            await host.StopAsync(Ct);
        }

        Assert.NotEqual(tokens[0], tokens[1]);
        Assert.All(tokens, t => Assert.Matches("^[0-9a-f]{48}$", t));
        var shown = Assert.Single(logs.Lines, l => l.Contains(tokens[0], StringComparison.Ordinal));
        Assert.Contains($"-H 'Content-Type: application/json' -H 'X-Sandbox-Token: {tokens[0]}'", shown, StringComparison.Ordinal);
        Assert.Contains("curl -s -X POST http://127.0.0.1:", shown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Host_TakesTheConfiguredControlToken_AndKeepsItOutOfTheLog()
    {
        const string token = "configured-sandbox-token-0042";
        var logs = new LogSink();
        using var host = Build(new() { ["Bsp:Sandbox:Port"] = "0", ["Bsp:Sandbox:ControlToken"] = token }, logs: logs);
        await host.StartAsync(Ct);

        Assert.Equal(token, host.Services.GetRequiredService<SandboxServer>().ControlToken);
        Assert.Contains(logs.Lines, l => l.Contains("X-Sandbox-Token: $BSP_SANDBOX_TOKEN", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, l => l.Contains(token, StringComparison.Ordinal));
        await host.StopAsync(Ct);
    }

    [Theory]
    [InlineData("Bsp:Sandbox:Port", "70000", "Bsp:Sandbox:Port must be between 0 and 65535.")]
    [InlineData("Bsp:Sandbox:BucketRate", "0", "Bsp:Sandbox:BucketRate must be between 1 and 1000000.")]
    [InlineData("Bsp:Sandbox:TierLimits:0", "0", "Bsp:Sandbox:TierLimits must list at least one limit, each above 0.")]
    [InlineData("Bsp:Sandbox:ControlToken", "short", "Bsp:Sandbox:ControlToken, when set, must be at least 16 visible ASCII characters (no spaces).")]
    [InlineData("Bsp:Sandbox:ControlToken", "sixteen chars and spaces", "Bsp:Sandbox:ControlToken, when set, must be at least 16 visible ASCII characters (no spaces).")]
    public async Task Host_WithAWrongSetting_DoesNotStart_AndNamesTheKey(string key, string value, string message)
    {
        using var host = Build(new() { [key] = value });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(Ct));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
