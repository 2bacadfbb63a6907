using BotHub.Admin.Components.Common;
using BotHub.Admin.Components;
using MudBlazor;

namespace BotHub.Admin.Features.Recipients;

// The bulk actions: each asks what it needs, runs in the database, reports its count and reloads the grid.
public sealed partial class RecipientsPage
{
    private async Task AddTagAsync()
    {
        if (await AskTagAsync(L["Recipients.Bulk.AddTag.Title", ScopeCount], L["Recipients.Bulk.AddTag"]) is { } tag)
        {
            var result = await Bulk.AddTagAsync(Scope, tag, await Actor.GetAsync());
            await DoneAsync(L["Recipients.Bulk.AddTag.Done", tag, result.Changed]);
        }
    }

    private async Task RemoveTagAsync()
    {
        if (await AskTagAsync(L["Recipients.Bulk.RemoveTag.Title", ScopeCount], L["Recipients.Bulk.RemoveTag"]) is { } tag)
        {
            var result = await Bulk.RemoveTagAsync(Scope, tag, await Actor.GetAsync());
            await DoneAsync(L["Recipients.Bulk.RemoveTag.Done", tag, result.Changed]);
        }
    }

    private async Task SetOptInAsync(OptInStatus status)
    {
        var (title, text) = status == OptInStatus.OptedOut
            ? (L["Recipients.Bulk.OptOut"], L["Recipients.Bulk.OptOut.Confirm", ScopeCount])
            : (L["Recipients.Bulk.OptIn"], L["Recipients.Bulk.OptIn.Confirm", ScopeCount]);
        if (await Dialogs.ConfirmAsync(L, title, text, title, destructive: status == OptInStatus.OptedOut))
        {
            var result = await Bulk.SetOptInAsync(Scope, status, await Actor.GetAsync());
            await DoneAsync(L["Recipients.Bulk.OptInState.Done", result.Changed]);
        }
    }

    private async Task DeleteAsync()
    {
        var count = ScopeCount;
        if (await Dialogs.ConfirmAsync(L, L["Recipients.Bulk.Delete.Title", count], L["Recipients.Bulk.Delete.Confirm", count], L["Recipients.Bulk.Delete"]))
        {
            var result = await Bulk.DeleteAsync(Scope, await Actor.GetAsync());
            await DoneAsync(L["Recipients.Bulk.Delete.Done", result.Changed]);
        }
    }

    private async Task SaveSelectionAsync()
    {
        var dialog = await Dialogs.ShowAsync<NameDialog>(L["Recipients.Bulk.SaveSelection.Title", ScopeCount], new DialogParameters<NameDialog>
        {
            { x => x.Label, L["Recipients.Bulk.SaveSelection.Name"].Value },
            { x => x.Action, L["Common.Save"].Value },
        }, FormOptions);
        if (await dialog.Result is { Canceled: false, Data: string name })
        {
            var saved = await SavedSelections.SaveAsync(name, Scope, await Actor.GetAsync());
            Snackbar.Add(L["Recipients.Bulk.SaveSelection.Done", saved.Name, saved.Count], Severity.Success);
        }
    }

    private async Task<string?> AskTagAsync(string title, string action)
    {
        var dialog = await Dialogs.ShowAsync<TagDialog>(title, new DialogParameters<TagDialog>
        {
            { x => x.Action, action },
            { x => x.Tags, _tags },
        }, FormOptions);
        return await dialog.Result is { Canceled: false, Data: string tag } ? tag : null;
    }

    private async Task DoneAsync(string message)
    {
        Snackbar.Add(message, Severity.Success);
        await RefreshListsAsync();
        await ReloadAsync();
    }
}
