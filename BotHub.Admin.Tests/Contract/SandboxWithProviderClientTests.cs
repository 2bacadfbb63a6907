using BotHub.Admin.Features.Provider;
using BotHub.Admin.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BotHub.Admin.Tests.Contract;

/// <summary>The app's own ProviderClient against the sandbox: the statuses the sandbox chose classify as the spec wants.</summary>
public sealed class SandboxWithProviderClientTests : IAsyncLifetime
{
    private SandboxTestServer _sandbox = null!;
    private ServiceProvider _services = null!;
    private string _bot = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private ProviderClient Client => _services.GetRequiredService<ProviderClient>();

    public async ValueTask InitializeAsync()
    {
        _sandbox = await SandboxTestServer.StartAsync();
        _bot = _sandbox.NewChannel();
        var services = new ServiceCollection().AddLogging();
        services.AddOptions<BspOptions>().Configure(o => o.RequestTimeout = TimeSpan.FromSeconds(1));
        services.AddSingleton(sp => new BspEndpoint(sp.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<BspOptions>>())
        {
            SandboxBaseUrl = _sandbox.Server.BaseUrl,
        });
        services.AddHttpClient<ProviderClient>();
        _services = services.BuildServiceProvider();
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await _sandbox.DisposeAsync();
    }

    private static SendRequest Text(string id) => new()
    {
        Id = id, To = SandboxMessages.User, Timestamp = "1772447415", Source = "botchat", Type = "text", Text = new TextBody { Body = "您好" },
    };

    private Task<ProviderOutcome> SendAsync(string id, string key = SandboxMessages.Key) => Client.SendAsync(_bot, key, Text(id), Ct);

    [Fact]
    public async Task OptInRefusal_IsRejected_ThenAccepted_ThenTheRepeatIsAlreadyProcessed()
    {
        var refused = await SendAsync("p-1");
        await _sandbox.WritesAsync(_bot);
        var accepted = await SendAsync("p-1");
        var repeat = await SendAsync("p-1");

        Assert.Equal((OutcomeKind.Rejected, 10100, 2), (refused.Kind, refused.Error!.Code, refused.Error.Subcode));
        Assert.Equal(OutcomeKind.Accepted, accepted.Kind);
        Assert.Equal((OutcomeKind.AlreadyProcessed, 409), (repeat.Kind, repeat.HttpStatus));
    }

    [Fact]
    public async Task WrongKey_IsChannelMisconfigured_InjectedErrorsAndLostAnswersAreTransient()
    {
        await _sandbox.WritesAsync(_bot);
        var wrongKey = await SendAsync("p-2", key: "old-key");
        _sandbox.Faults.Settings = new() { ErrorRates = new Dictionary<int, double> { [80002] = 1 } };
        var injected = await SendAsync("p-2");
        _sandbox.Faults.Settings = new() { AnswerLostRate = 1 };
        var lost = await SendAsync("p-2");
        _sandbox.Faults.Settings = new();
        var retry = await SendAsync("p-2");

        Assert.Equal((OutcomeKind.ChannelMisconfigured, 10002), (wrongKey.Kind, wrongKey.Error!.Code));
        Assert.Equal((OutcomeKind.Transient, 80002, 502), (injected.Kind, injected.Error!.Code, injected.HttpStatus));
        Assert.Equal((OutcomeKind.Transient, null), (lost.Kind, lost.HttpStatus));
        Assert.Equal(OutcomeKind.AlreadyProcessed, retry.Kind);
    }

    [Fact]
    public async Task RateLimit_IsTransient_AndCheckReadsCanPush()
    {
        var check = await Client.CheckAsync(_bot, SandboxMessages.Key, new CheckRequest { Id = "c-1", To = SandboxMessages.User }, Ct);
        var outcomes = new List<ProviderOutcome>();
        for (var i = 0; i < 60; i++)
        {
            outcomes.Add(await SendAsync($"r-{i}"));
        }

        Assert.Equal((OutcomeKind.Accepted, false, "no_message_today"), (check.Outcome.Kind, check.CanPush, check.Reason));
        Assert.Contains(outcomes, o => o is { Kind: OutcomeKind.Transient, HttpStatus: 429, Error.Code: 10000 });
    }
}
