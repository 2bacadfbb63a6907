using BotHub.Admin.Features.Sending;
using BotHub.Admin.Features.Clock;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace BotHub.Admin.Features.Broadcasts;

/// <summary>
/// Every broadcast, newest first, filtered in the database, with live progress: the engine's events for the shown
/// broadcasts (or any broadcast's change of state) reload the grid, at most four times a second.
/// </summary>
public sealed partial class BroadcastsPage
{
    /// <summary>At most four reloads a second, however fast the engine sends.</summary>
    public static readonly TimeSpan ReloadInterval = TimeSpan.FromMilliseconds(250);

    private MudDataGrid<BroadcastRow>? _grid;
    private bool? _any;
    private IReadOnlyList<ChannelChoice> _channels = [];
    private BroadcastState? _state;
    private int? _channelId;
    private DateRange? _range;
    private bool _showTests;
    private volatile HashSet<int> _shown = [];
    private Live.LiveRefresh? _throttle;
    private IDisposable? _subscription;
    private volatile bool _disposed;

    /// <summary>"show": test sends are listed too (kept in the address, so a reload or a shared link keeps it).</summary>
    [SupplyParameterFromQuery(Name = "tests")] public string? Tests { get; set; }

    [CascadingParameter]
    private UserClock Clock { get; set; } = default!;

    /// <summary>The filter as the grid applies it: days of the picked range, in the person's zone.</summary>
    public BroadcastFilter Filter => new(_state, _channelId,
        _range?.Start is { } s ? DateOnly.FromDateTime(s) : null,
        _range?.End is { } e ? DateOnly.FromDateTime(e) : null, ShowTests: _showTests, Zone: Clock.Zone);

    protected override async Task OnInitializedAsync()
    {
        _channels = await Query.ChannelsAsync();
        _any = await AnyAsync();
    }

    protected override async Task OnParametersSetAsync()
    {
        var show = string.Equals(Tests, "show", StringComparison.OrdinalIgnoreCase);
        if (show != _showTests)
        {
            _showTests = show;
            await ReloadAsync();
        }
    }

    /// <summary>Subscribes once the page is interactive (not while prerendering, whose instance is thrown away).</summary>
    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender)
        {
            _throttle = new Live.LiveRefresh(Time, ReloadFromEngineAsync, e => BroadcastsLog.LiveReloadFailed(Logger, e), ReloadInterval);
            _subscription = Notifier.Subscribe(OnEngineEvent);
        }
    }

    private void OnEngineEvent(EngineEvent e)
    {
        // A broadcast's state can move it into or out of the filter; its deliveries only change its own row.
        if (e.Kind == EngineEventKind.Broadcast
            || (e.Kind == EngineEventKind.Deliveries && (_any is not true || e.BroadcastId is not { } id || _shown.Contains(id))))
        {
            _throttle?.Poke();
        }
    }

    private Task ReloadFromEngineAsync() => InvokeAsync(async () =>
    {
        if (_disposed)
        {
            return;
        }

        if (_any is not true)
        {
            _any = await AnyAsync();
            StateHasChanged();
        }
        else if (_grid is not null)
        {
            await _grid.ReloadServerData();
        }
    });

    private async Task<bool> AnyAsync() => (await Query.PageAsync(new BroadcastFilter(ShowTests: true), 0, 1)).Total > 0;

    private async Task<GridData<BroadcastRow>> LoadAsync(GridState<BroadcastRow> state, CancellationToken ct)
    {
        var (rows, total) = await Query.PageAsync(Filter, state.Page, state.PageSize, ct);
        _shown = rows.Select(r => r.Id).ToHashSet();
        return new GridData<BroadcastRow> { Items = rows, TotalItems = total };
    }

    private void Open(DataGridRowClickEventArgs<BroadcastRow> e) => Navigation.NavigateTo($"/broadcasts/{e.Item.Id}");

    private Task OnStateChanged(BroadcastState? state)
    {
        _state = state;
        return ReloadAsync();
    }

    private Task OnChannelChanged(int? channelId)
    {
        _channelId = channelId;
        return ReloadAsync();
    }

    private Task OnRangeChanged(DateRange? range)
    {
        _range = range;
        return ReloadAsync();
    }

    /// <summary>Applies at once, and keeps the choice in the address (no new history entry).</summary>
    private Task OnShowTestsChanged(bool show)
    {
        _showTests = show;
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameter("tests", show ? "show" : null), replace: true);
        return ReloadAsync();
    }

    private Task ClearFiltersAsync()
    {
        (_state, _channelId, _range) = (null, null, null);
        return ReloadAsync();
    }

    /// <summary>A new filter starts again at the first page.</summary>
    private async Task ReloadAsync()
    {
        if (_grid is not null)
        {
            _grid.NavigateTo(Page.First);
            await _grid.ReloadServerData();
        }
    }

    public void Dispose()
    {
        _disposed = true;
        _subscription?.Dispose();
        _throttle?.Dispose();
    }
}
