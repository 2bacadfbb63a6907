using Microsoft.AspNetCore.Components.Server.Circuits;

namespace BotHub.Admin.Features.Sessions;

/// <summary>
/// Whether this circuit (one open page) received anything from its browser since the last look: a page in use makes
/// no HTTP requests, so its session would otherwise go idle while someone works in it.
/// </summary>
public sealed class CircuitActivity : CircuitHandler
{
    private int _active;

    public override Func<CircuitInboundActivityContext, Task> CreateInboundActivityHandler(Func<CircuitInboundActivityContext, Task> next) =>
        context =>
        {
            Volatile.Write(ref _active, 1);
            return next(context);
        };

    /// <summary>True when there was activity since the previous call.</summary>
    public bool TakeActivity() => Interlocked.Exchange(ref _active, 0) == 1;
}
