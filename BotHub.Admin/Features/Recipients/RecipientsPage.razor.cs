using BotHub.Admin.Components;
using BotHub.Admin.Features.Channels;
using BotHub.Admin.Features.Clock;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using BotHub.Admin.Components.Common;

namespace BotHub.Admin.Features.Recipients;

public sealed partial class RecipientsPage
{
    private static readonly DialogOptions FormOptions = new() { MaxWidth = MaxWidth.ExtraSmall, FullWidth = true };

    [CascadingParameter]
    private UserClock Clock { get; set; } = default!;

    private MudDataGrid<RecipientRow>? _grid;
    private bool? _anyRecipients;
    private IReadOnlyList<ChannelInfo> _channels = [];
    private IReadOnlyList<string> _tags = [];
    private string? _search;
    private string? _tag;
    private OptInStatus? _optIn;
    private int? _channelId;
    private bool _onlyEligible;
    private int _total;
    private bool _applyToAll = true;
    private HashSet<RecipientRow> _selected = new(RowComparer.Instance);
    private IReadOnlyDictionary<int, DateTime> _lastInbound = new Dictionary<int, DateTime>();
    private bool _detailsOpen;
    private RecipientDetails? _details;

    private ChannelInfo? SelectedChannel => _channels.FirstOrDefault(c => c.Id == _channelId);

    private bool FilterActive => !string.IsNullOrWhiteSpace(_search) || _tag is not null || _optIn is not null || _onlyEligible;

    private RecipientFilter Filter => new(_search, _tag, _optIn,
        _onlyEligible ? _channelId : null, _onlyEligible ? SelectedChannel?.Zone : null);

    private int ScopeCount => _applyToAll ? _total : _selected.Count;

    private RecipientScope Scope => _applyToAll ? RecipientScope.Matching(Filter) : RecipientScope.Selection(_selected.Select(r => r.Id));

    /// <summary>The export of what the grid shows now (the filter, not the page).</summary>
    private string ExportHref => QueryLink.Build("/recipients/export.csv",
        ("search", _search),
        ("tag", _tag),
        ("optIn", _optIn?.ToString()),
        ("channel", _onlyEligible ? _channelId?.ToString(System.Globalization.CultureInfo.InvariantCulture) : null));

    private async Task ImportAsync()
    {
        var dialog = await Dialogs.ShowAsync<ImportDialog>(L["Recipients.Import"],
            new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true, BackdropClick = false, CloseOnEscapeKey = false });
        if (await dialog.Result is { Canceled: false })
        {
            await RefreshListsAsync();
            if (_grid is not null)
            {
                await _grid.ReloadServerData();
            }
        }
    }

    protected override async Task OnInitializedAsync()
    {
        _channels = await ChannelDirectory.ListAsync();
        await RefreshListsAsync();
    }

    private async Task RefreshListsAsync()
    {
        _anyRecipients = await Query.CountAsync(new RecipientFilter()) > 0;
        _tags = await Details.TagsAsync();
    }

    private async Task<GridData<RecipientRow>> LoadAsync(GridState<RecipientRow> state, CancellationToken ct)
    {
        var sortBy = state.SortDefinitions.FirstOrDefault();
        var sort = sortBy?.SortBy switch
        {
            nameof(RecipientRow.Name) => RecipientSort.Name,
            nameof(RecipientRow.OptIn) => RecipientSort.OptIn,
            nameof(RecipientRow.CreatedUtc) => RecipientSort.Created,
            _ => RecipientSort.Phone,
        };
        var (rows, total) = await Query.PageAsync(Filter, sort, sortBy?.Descending ?? false, state.Page, state.PageSize, ct);
        _lastInbound = _channelId is { } channelId
            ? await Details.LastInboundAsync(channelId, rows.Select(r => r.Id).ToList(), ct)
            : new Dictionary<int, DateTime>();
        _total = total;
        StateHasChanged(); // the bulk bar above the grid shows the total
        return new GridData<RecipientRow> { Items = rows, TotalItems = total };
    }

    private EligibilityResult EligibilityOf(RecipientRow row, ChannelInfo channel) =>
        Eligibility.Evaluate(row.Phone, row.OptIn, _lastInbound.TryGetValue(row.Id, out var last) ? last : null, channel.Zone, Time.GetUtcNow());

    private string EligibilityText(EligibilityResult e, ChannelInfo channel) => e is { Eligible: true, Until: { } until }
        ? L["Recipients.EligibleUntil", Clock.ChannelTime(until, channel.Zone, withDate: false)]
        : L[$"Ineligible.{e.Reason}"];

    private static Color OptInColor(OptInStatus status) => status switch
    {
        OptInStatus.OptedIn => Color.Success,
        OptInStatus.OptedOut => Color.Error,
        _ => Color.Default,
    };

    private Task OnSearchChanged(string? value)
    {
        _search = value;
        return ReloadAsync();
    }

    private Task OnTagChanged(string? value)
    {
        _tag = value;
        return ReloadAsync();
    }

    private Task OnOptInChanged(OptInStatus? value)
    {
        _optIn = value;
        return ReloadAsync();
    }

    private Task OnChannelChanged(int? value)
    {
        _channelId = value;
        _onlyEligible &= value is not null;
        return ReloadAsync();
    }

    private Task OnOnlyEligibleChanged(bool value)
    {
        _onlyEligible = value;
        return ReloadAsync();
    }

    private void OnSelectionChanged(HashSet<RecipientRow> items)
    {
        _selected = new HashSet<RecipientRow>(items, RowComparer.Instance);
        _applyToAll = _selected.Count == 0;
    }

    private async Task ReloadAsync()
    {
        _selected = new HashSet<RecipientRow>(RowComparer.Instance);
        _applyToAll = true;
        if (_grid is not null)
        {
            await _grid.ReloadServerData();
        }
    }

    private async Task OpenDetailsAsync(int id)
    {
        // A fresh view each time, which takes the focus when it first renders (see RecipientDetailsView).
        _details = null;
        StateHasChanged();
        _details = await Details.GetAsync(id);
        _detailsOpen = _details is not null;
    }
}

/// <summary>Rows are the same recipient when their ids are, so a selection survives a reload.</summary>
public sealed class RowComparer : IEqualityComparer<RecipientRow>
{
    public static RowComparer Instance { get; } = new();

    public bool Equals(RecipientRow? x, RecipientRow? y) => x?.Id == y?.Id;

    public int GetHashCode(RecipientRow obj) => obj.Id;
}
