namespace BotHub.Admin.Features.Provider.Sandbox;

/// <summary>Runs the sandbox server for the app's lifetime (registered when Bsp:Mode is Sandbox).</summary>
/// <param name="endpoint">When the app's provider client is registered, it is pointed at the sandbox's bound address.</param>
public sealed class SandboxHostedService(SandboxServer server, BspEndpoint? endpoint = null) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await server.StartAsync(cancellationToken);
        endpoint?.SandboxBaseUrl = server.BaseUrl;
    }

    public Task StopAsync(CancellationToken cancellationToken) => server.StopAsync(cancellationToken);
}
