namespace BotHub.Admin.Features.Provider.Sandbox;

/// <summary>Runs the sandbox server for the app's lifetime (registered when Bsp:Mode is Sandbox).</summary>
public sealed class SandboxHostedService(SandboxServer server) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => server.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => server.StopAsync(cancellationToken);
}
