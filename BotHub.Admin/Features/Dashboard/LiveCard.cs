using BotHub.Admin.Features.Broadcasts.Live;
using BotHub.Admin.Features.Sending;
using Microsoft.AspNetCore.Components;

namespace BotHub.Admin.Features.Dashboard;

/// <summary>
/// A dashboard card that reads its figures, then reads them again when the engine says something it shows changed:
/// through <see cref="LiveRefresh"/> (never two reads at once, at most one per <see cref="Interval"/>), subscribed once
/// the card is interactive (the prerendered instance is thrown away) and unsubscribed with it.
/// </summary>
public abstract class LiveCard : ComponentBase, IDisposable
{
    private LiveRefresh? _live;
    private IDisposable? _subscription;

    [Inject] private ProgressNotifier Notifier { get; set; } = default!;
    [Inject] protected TimeProvider Time { get; set; } = default!;
    [Inject] private ILogger<LiveCard> Log { get; set; } = default!;

    protected virtual TimeSpan Interval => LiveRefresh.DefaultInterval;

    protected abstract Task ReadAsync();

    /// <summary>Whether this engine event may change what the card shows. Called on the engine's threads.</summary>
    protected abstract bool Wants(EngineEvent e);

    protected override Task OnInitializedAsync() => ReadAsync();

    protected override void OnAfterRender(bool firstRender)
    {
        if (!firstRender)
        {
            return;
        }

        _live = new LiveRefresh(Time, () => InvokeAsync(async () =>
        {
            await ReadAsync();
            StateHasChanged();
        }), e => DashboardLog.RefreshFailed(Log, GetType().Name, e), Interval);
        _subscription = Notifier.Subscribe(e =>
        {
            if (Wants(e))
            {
                _live.Poke();
            }
        });
    }

    public void Dispose()
    {
        _subscription?.Dispose();
        _live?.Dispose();
        GC.SuppressFinalize(this);
    }
}
