namespace BotHub.Admin.Features.Sending;

/// <summary>Tells the engine that there is new work (a broadcast made, resumed or retried), so it looks now, not at its next poll.</summary>
public sealed class SendingSignal : IDisposable
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Raise()
    {
        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already raised.
        }
    }

    /// <summary>Waits until raised or until <paramref name="poll"/> passes on <paramref name="time"/>.</summary>
    public async Task WaitAsync(TimeSpan poll, TimeProvider time, CancellationToken ct)
    {
        using var done = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var raised = _signal.WaitAsync(done.Token);
        var polled = Task.Delay(poll, time, done.Token);
        await Task.WhenAny(raised, polled);
        await done.CancelAsync();
        try
        {
            await Task.WhenAll(raised, polled);
        }
        catch (OperationCanceledException)
        {
        }
    }

    public void Dispose() => _signal.Dispose();
}
