namespace BotHub.Admin.Features.Provider.Sandbox;

/// <summary>Runs the sandbox server for the app's lifetime (registered when Bsp:Mode is Sandbox).</summary>
/// <remarks>The provider client finds the bound address itself (BspEndpoint asks the running SandboxServer).</remarks>
public sealed class SandboxHostedService(SandboxServer server) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => server.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => server.StopAsync(cancellationToken);
}
