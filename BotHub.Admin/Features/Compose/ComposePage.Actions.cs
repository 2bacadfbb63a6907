using BotHub.Admin.Features.Broadcasts;
using MudBlazor;
using BotHub.Admin.Components.Common;

namespace BotHub.Admin.Features.Compose;

// Saving drafts and templates, and sending: each says what it did.
public sealed partial class ComposePage
{
    private async Task SaveDraftAsync()
    {
        _busy = true;
        try
        {
            var actor = await Actor.GetAsync();
            _draftId = await Drafts.SaveDraftAsync(_draftId, _draftName, _model, actor);
            _draftName ??= (await Drafts.LoadAsync(_draftId.Value, actor.UserId ?? ""))?.Summary.Name;
            _unsaved = false;
            Snackbar.Add(L["Compose.DraftSaved"], Severity.Success);
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task SaveTemplateAsync()
    {
        var dialog = await Dialogs.ShowAsync<NameDialog>(L["Compose.SaveTemplate"], new DialogParameters<NameDialog>
        {
            { x => x.Label, L["Compose.TemplateName"].Value },
            { x => x.Action, L["Common.Save"].Value },
            { x => x.Initial, _draftName },
        }, new DialogOptions { MaxWidth = MaxWidth.ExtraSmall, FullWidth = true });
        if (await dialog.Result is { Canceled: false, Data: string name })
        {
            await Drafts.SaveTemplateAsync(name, _model, await Actor.GetAsync());
            Snackbar.Add(L["Compose.TemplateSaved", name], Severity.Success);
        }
    }

    private async Task SendAsync()
    {
        if (_plan is not { } plan || Channel is not { } channel || !CanSend)
        {
            return;
        }

        var dialog = await Dialogs.ShowAsync<SendConfirmDialog>(L["Compose.Confirm.Title"], new DialogParameters<SendConfirmDialog>
        {
            { x => x.Model, _model },
            { x => x.Plan, plan },
            { x => x.Channel, channel },
            { x => x.Rendered, Rendered },
            { x => x.Time, PreviewTime },
        }, new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true });
        if (await dialog.Result is not { Canceled: false })
        {
            return;
        }

        _busy = true;
        StateHasChanged();
        try
        {
            var actor = await Actor.GetAsync();
            var result = await Creator.CreateAsync(_model, actor);
            if (result.BroadcastId is { } id)
            {
                if (_draftId is { } draft)
                {
                    await Drafts.DeleteAsync(draft, actor, isAdmin: false);
                }

                    _unsaved = false;
                Navigation.NavigateTo($"/broadcasts/{id}");
                return;
            }

            Snackbar.Add(L[$"Compose.CreateError.{result.Error}"], Severity.Error);
            SchedulePlan();
        }
        finally
        {
            _busy = false;
        }
    }
}
