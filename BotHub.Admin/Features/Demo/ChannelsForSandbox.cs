using BotHub.Admin.Features.Channels;
using BotHub.Admin.Features.Provider.Sandbox;

namespace BotHub.Admin.Features.Demo;

/// <summary>The sandbox knows the app's channels and their enabled keys, as the real provider knows the account's.</summary>
public sealed class ChannelsForSandbox(ChannelDirectory directory) : ISandboxChannels
{
    public async ValueTask<SandboxChannel?> FindAsync(string botPhone, CancellationToken ct) =>
        await directory.FindAsync(botPhone, ct) is { } c ? new SandboxChannel(c.BotPhone, c.EnabledApiKeys, c.Tier, c.Zone) : null;
}
