using System.Globalization;
using BotHub.Admin.Components;
using BotHub.Admin.Features.Channels;
using BotHub.Admin.Components.Common;

namespace BotHub.Admin.Features.Tiers;

/// <summary>Daily quota use per channel or for all channels: today, the chosen range by day, tiers and upgrade, broadcasts.</summary>
public sealed partial class TiersPage : IDisposable
{
    private readonly CancellationTokenSource _closing = new();
    private IReadOnlyList<SendingChannel> _channels = [];
    private TierUsage? _usage;
    private bool _loading = true;
    private int _channelId;
    private int _days = TierUsageQuery.Ranges[0];
    private int _load;

    /// <summary>The figures shown (null while the first load runs).</summary>
    public TierUsage? Usage => _usage;

    private string ExportHref => QueryLink.Build("/tiers/export.csv",
        ("channel", _channelId == 0 ? null : _channelId.ToString(CultureInfo.InvariantCulture)),
        ("days", _days.ToString(CultureInfo.InvariantCulture)));

    private string ExportName => TierUsageCsv.FileName(_days);

    protected override async Task OnInitializedAsync()
    {
        _channels = await Query.ChannelsAsync(_closing.Token);
        if (_channels.Count == 1)
        {
            _channelId = _channels[0].Id;
        }

        await LoadAsync();
    }

    private Task OnChannelChanged(int channelId)
    {
        _channelId = channelId;
        return LoadAsync();
    }

    private Task OnRangeChanged(int days)
    {
        _days = days;
        return LoadAsync();
    }

    private async Task LoadAsync()
    {
        if (_channels.Count == 0)
        {
            _loading = false;
            return;
        }

        // A quick second choice starts a second load; only the latest one's figures are shown.
        var load = ++_load;
        _loading = true;
        StateHasChanged();
        try
        {
            var usage = await Query.LoadAsync(_channelId == 0 ? null : _channelId, _days, _closing.Token);
            if (load == _load)
            {
                _usage = usage;
            }
        }
        catch (OperationCanceledException) when (_closing.IsCancellationRequested)
        {
            return;
        }
        finally
        {
            _loading = load != _load;
        }
    }

    public void Dispose()
    {
        _closing.Cancel();
        _closing.Dispose();
    }
}
