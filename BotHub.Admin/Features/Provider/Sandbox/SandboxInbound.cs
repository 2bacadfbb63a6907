namespace BotHub.Admin.Features.Provider.Sandbox;

/// <summary>A message a user sent to a channel, as the sandbox hands it on.</summary>
/// <param name="Id">The provider's message id, unique within the sandbox's run.</param>
public sealed record SandboxInbound(string Bot, string Id, string From, string? Name, string Text, DateTimeOffset At);

/// <summary>Where inbound messages go. The app implements it by posting to its own signed webhook.</summary>
public interface ISandboxInboundSink
{
    Task DeliverAsync(SandboxInbound message, CancellationToken ct);
}

/// <summary>The default: the sandbox still records the message (opt-in), it is just not passed on.</summary>
public sealed class NoOpSandboxInboundSink : ISandboxInboundSink
{
    public Task DeliverAsync(SandboxInbound message, CancellationToken ct) => Task.CompletedTask;
}

/// <summary>Keeps every message it is given, for tests.</summary>
public sealed class RecordingSandboxInboundSink : ISandboxInboundSink
{
    private readonly Lock _gate = new();
    private readonly List<SandboxInbound> _messages = [];

    public IReadOnlyList<SandboxInbound> Messages
    {
        get
        {
            lock (_gate)
            {
                return [.. _messages];
            }
        }
    }

    public Task DeliverAsync(SandboxInbound message, CancellationToken ct)
    {
        lock (_gate)
        {
            _messages.Add(message);
        }

        return Task.CompletedTask;
    }
}
