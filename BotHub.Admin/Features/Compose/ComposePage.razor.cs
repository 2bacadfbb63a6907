using BotHub.Admin.Components.Common;
using Microsoft.AspNetCore.Components.Routing;
using BotHub.Admin.Components;
using BotHub.Admin.Components.Account;
using BotHub.Admin.Features.Broadcasts;
using BotHub.Admin.Features.Channels;
using BotHub.Admin.Features.Recipients;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using BotHub.Admin.Features.Audit;

namespace BotHub.Admin.Features.Compose;

public sealed partial class ComposePage
{
    private static readonly TimeSpan PlanDelay = TimeSpan.FromMilliseconds(300);

    private ComposeModel _model = new();
    private IReadOnlyList<SendingChannel>? _channels;
    private IReadOnlyList<ComposeIssue> _issues = [];
    private IReadOnlyList<MessageVariable> _variables = [];
    private IReadOnlyList<string> _tags = [];
    private IReadOnlyList<string> _attributeKeys = [];
    private IReadOnlyList<SelectionSummary> _selections = [];
    private IReadOnlyList<AudienceRow> _samples = [];
    private int? _sampleId;
    private AudiencePlan? _plan;
    private string? _planError;
    private CancellationTokenSource? _planning;
    private int? _draftId;
    private string? _draftName;
    /// <summary>Changes since the page opened or was last saved: leaving asks first.</summary>
    private bool _unsaved;
    private bool _busy;

    [Inject] private SendingChannels ChannelList { get; set; } = null!;
    [Inject] private AudiencePlanner Planner { get; set; } = null!;
    [Inject] private BroadcastCreator Creator { get; set; } = null!;
    [Inject] private DraftStore Drafts { get; set; } = null!;
    [Inject] private SavedSelections Selections { get; set; } = null!;
    [Inject] private RecipientDetailsQuery RecipientDetails { get; set; } = null!;
    [Inject] private CurrentActor Actor { get; set; } = null!;
    [Inject] private TimeProvider Time { get; set; } = null!;
    [Inject] private IDialogService Dialogs { get; set; } = null!;
    [Inject] private ISnackbar Snackbar { get; set; } = null!;
    [Inject] private NavigationManager Navigation { get; set; } = null!;

    /// <summary>Opens one's own draft, or starts from a template.</summary>
    [SupplyParameterFromQuery(Name = "draft")] public string? DraftId { get; set; }

    private SendingChannel? Channel => _channels?.FirstOrDefault(c => c.Id == _model.ChannelId);

    [CascadingParameter]
    private Clock.UserClock Clock { get; set; } = default!;

    /// <summary>The person's zone first, then the channel's (its day decides eligibility), then UTC.</summary>
    private IReadOnlyList<string> Zones => new[] { Clock.ZoneName, Channel?.Zone.Id ?? "UTC", "UTC" }
        .Concat(_model.ScheduleZone is { } z ? [z] : []).Distinct().ToList();

    private bool CanSend => SendBlocker is null;

    /// <summary>Why "Send" is disabled, in words; null when it is enabled.</summary>
    private string? SendBlocker =>
        Channel is null ? L["Compose.Blocked.Channel"].Value
        : _issues.Count > 0 ? L["Compose.Blocked.Message", string.Join(L["Compose.Blocked.Separator"].Value, _issues.Select(i => ComposeIssueText.For(L, i)))].Value
        : _model.ScheduledUtc() is { } at && at <= Time.GetUtcNow() ? L["Compose.Schedule.InPast"].Value
        : _plan is null ? L["Compose.Plan.Working"].Value
        : _plan.Eligible + _plan.Waiting == 0 ? L["Compose.Blocked.Nobody"].Value
        : null;

    private RenderResult Rendered
    {
        get
        {
            var sample = _samples.FirstOrDefault(s => s.Id == _sampleId);
            return sample is null
                ? new RenderResult(_model.Message.Template, null)
                : MessageVariables.Render(_model.Message.Template, new RecipientValues(sample.Phone, sample.Name, sample.Attributes), _model.Fallbacks);
        }
    }

    private string PreviewTime => Clock.Time(Time.GetUtcNow());

    protected override async Task OnInitializedAsync()
    {
        _channels = await ChannelList.ListAsync();
        _tags = await RecipientDetails.TagsAsync();
        _selections = await Selections.ListAsync();
        _attributeKeys = await Planner.AttributeKeysAsync();
        // Read as text: a hand-typed "?draft=abc" opens an empty composer, not an error.
        if (int.TryParse(DraftId, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id)
            && await Drafts.LoadAsync(id, (await Actor.GetAsync()).UserId ?? "") is { } found)
        {
            _model = found.Model;
            if (found.Summary.Kind == DraftKind.Draft)
            {
                (_draftId, _draftName) = (found.Summary.Id, found.Summary.Name);
            }
        }

        _model.ChannelId ??= _channels.FirstOrDefault(c => c.Enabled)?.Id;
        Revalidate();
        SchedulePlan();
    }

    private Task ChangedAsync()
    {
        _unsaved = true;
        Revalidate();
        SchedulePlan();
        return Task.CompletedTask;
    }

    private Task NameChangedAsync(string? name)
    {
        (_model.Name, _unsaved) = (name, true);
        return Task.CompletedTask;
    }

    // Leaving with unsaved changes asks first: Escape or Cancel stays; the browser itself asks before a reload or another site.
    private async Task LeavingAsync(LocationChangingContext context)
    {
        if (_unsaved && !await Dialogs.ConfirmAsync(L, L["Compose.Leave.Title"], L["Compose.Leave.Text"], L["Compose.Leave.Yes"]))
        {
            context.PreventNavigation();
        }
    }

    private void Revalidate()
    {
        _issues = ComposeRules.Validate(_model.Message, Time.GetUtcNow());
        _variables = MessageVariables.Used(_model.Message.Template);
        foreach (var v in _variables)
        {
            _model.FallbackFor(v.Key);
        }
    }

    // The figures follow every change, a moment after the typing stops; a newer change cancels the older count.
    private void SchedulePlan()
    {
        _planning?.Cancel();
        _planning?.Dispose();
        _planning = new CancellationTokenSource();
        _plan = null;
        _planError = null;
        if (Channel is { } channel)
        {
            _ = PlanAsync(channel, _planning.Token);
        }
    }

    private async Task PlanAsync(SendingChannel channel, CancellationToken ct)
    {
        try
        {
            await Task.Delay(PlanDelay, Time, ct);
            var plan = await Planner.PlanAsync(_model, channel, ct);
            var samples = await Planner.SamplesAsync(_model, channel, 20, ct);
            await InvokeAsync(() =>
            {
                (_plan, _samples) = (plan, samples);
                if (_samples.All(s => s.Id != _sampleId))
                {
                    _sampleId = _samples.Count > 0 ? _samples[0].Id : null;
                }

                StateHasChanged();
            });
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e) when (e is InvalidOperationException or Microsoft.Data.Sqlite.SqliteException)
        {
            await InvokeAsync(() =>
            {
                _planError = L["Compose.Plan.Failed", e.Message];
                StateHasChanged();
            });
        }
    }

    public void Dispose()
    {
        _planning?.Cancel();
        _planning?.Dispose();
    }
}
