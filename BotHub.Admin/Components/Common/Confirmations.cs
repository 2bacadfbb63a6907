using BotHub.Admin.Resources;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace BotHub.Admin.Components.Common;

/// <summary>Asking before an action, the same way on every page.</summary>
public static class Confirmations
{
    /// <summary>True when the person confirmed; a destructive action's button is red.</summary>
    public static async Task<bool> ConfirmAsync(this IDialogService dialogs, IStringLocalizer<Strings> l, string title, string text,
        string confirmText, bool destructive = true)
    {
        ArgumentNullException.ThrowIfNull(dialogs);
        ArgumentNullException.ThrowIfNull(l);
        var dialog = await dialogs.ShowAsync<ConfirmDialog>(title, new DialogParameters<ConfirmDialog>
        {
            { x => x.Text, text },
            { x => x.ConfirmText, confirmText },
            { x => x.CancelText, l["Common.Cancel"].Value },
            { x => x.Destructive, destructive },
        }, new DialogOptions { MaxWidth = MaxWidth.ExtraSmall, FullWidth = true });
        return await dialog.Result is { Canceled: false };
    }
}
