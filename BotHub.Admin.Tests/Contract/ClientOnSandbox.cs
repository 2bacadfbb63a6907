using BotHub.Admin.Features.Provider;
using BotHub.Admin.Features.Provider.Sandbox;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace BotHub.Admin.Tests.Contract;

/// <summary>The real provider client and the real sandbox server, talking HTTP over loopback.</summary>
public sealed class ClientOnSandbox : IAsyncDisposable
{
    public const string Bot = "+8613800000009";
    public const string Key = "contract-key-0001";

    private readonly ServiceProvider _services;

    private ClientOnSandbox(ServiceProvider services) => _services = services;

    public ProviderClient Client => _services.GetRequiredService<ProviderClient>();
    public SandboxServer Server => _services.GetRequiredService<SandboxServer>();
    public SandboxFaults Faults => _services.GetRequiredService<SandboxFaults>();
    public StaticSandboxChannels Channels => (StaticSandboxChannels)_services.GetRequiredService<ISandboxChannels>();

    /// <param name="clock">A fake clock for rate and day tests; null for the system clock (latency and time-out tests).</param>
    public static async Task<ClientOnSandbox> StartAsync(FakeTimeProvider? clock = null, int tier = 1, TimeSpan? requestTimeout = null,
        params (string Key, string? Value)[] settings)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Bsp:Sandbox:Port"] = "0",
            ["Bsp:RequestTimeout"] = (requestTimeout ?? TimeSpan.FromSeconds(5)).ToString(),
        }.Concat(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))).Build();

        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(config)
            .AddSingleton<TimeProvider>(clock ?? TimeProvider.System)
            .AddSingleton(new SandboxFaults(new Random(7)))
            .AddSingleton<ISandboxChannels>(new StaticSandboxChannels(new SandboxChannel(Bot, [Key], tier, TimeZoneInfo.Utc)))
            .AddSingleton<BspEndpoint>();
        services.AddOptions<BspOptions>().BindConfiguration(BspOptions.Section);
        services.AddHttpClient<ProviderClient>(h => h.Timeout = Timeout.InfiniteTimeSpan);
        services.AddSandboxProvider();
        var rig = new ClientOnSandbox(services.BuildServiceProvider());
        await rig.Server.StartAsync(TestContext.Current.CancellationToken);
        return rig;
    }

    /// <summary>The user writes to the channel, which lets the channel push to them today.</summary>
    public Task UserWritesAsync(string phone) =>
        Server.Provider.RecordInboundAsync(Bot, phone, null, "hi", TestContext.Current.CancellationToken).AsTask();

    public static SendRequest Text(string to, string? id = null, string body = "Hello world") => new()
    {
        Id = id ?? Guid.NewGuid().ToString("N"), To = to, Timestamp = "1700000000", Source = "botchat", Type = "text",
        Text = new TextBody { Body = body },
    };

    public Task<ProviderOutcome> SendAsync(SendRequest r, string key = Key, string bot = Bot) =>
        Client.SendAsync(bot, key, r, TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        await Server.StopAsync(CancellationToken.None);
        await _services.DisposeAsync();
    }
}
