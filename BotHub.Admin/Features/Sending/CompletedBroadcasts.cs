using System.Threading.Channels;

namespace BotHub.Admin.Features.Sending;

/// <summary>
/// The broadcasts the engine has just completed, each once, for whoever records how they ended (the audit log). Apart from
/// <see cref="ProgressNotifier"/>, whose subscribers are the open pages: a quiet engine with no page open has no listener.
/// </summary>
public sealed class CompletedBroadcasts
{
    private readonly Channel<int> _completed = Channel.CreateUnbounded<int>(new UnboundedChannelOptions { SingleReader = true });

    public void Add(int broadcastId) => _completed.Writer.TryWrite(broadcastId);

    public IAsyncEnumerable<int> ReadAllAsync(CancellationToken ct) => _completed.Reader.ReadAllAsync(ct);
}
