using MudBlazor;

namespace BotHub.Admin.Features.Channels;

// The key table's actions.
public sealed partial class ChannelCard
{
    private async Task TestKeyAsync(KeySummary key)
    {
        var dialog = await Dialogs.ShowAsync<KeyTestDialog>(L["Keys.TestOf", key.Masked], new DialogParameters<KeyTestDialog>
        {
            { x => x.KeyId, key.Id },
            { x => x.BotPhone, Channel.BotPhone },
        }, KeyAddDialog.Options);
        await dialog.Result;

        // Its counts, last use and latest answer changed.
        await OnChanged.InvokeAsync();
    }

    private async Task RotateKeyAsync(KeySummary key)
    {
        var dialog = await Dialogs.ShowAsync<KeyAddDialog>(L["Keys.RotateOf", key.Masked], new DialogParameters<KeyAddDialog>
        {
            { x => x.Replacing, key.Masked },
        }, KeyAddDialog.Options);
        if (await dialog.Result is { Canceled: false, Data: var typed })
        {
            await RunAsync(async a => await ShowOnceAsync(await Keys.RotateAsync(key.Id, typed as string, a), L["Keys.Rotated", key.Masked]));
        }
    }

    private async Task ToggleKeyAsync(KeySummary key)
    {
        if (key.IsEnabled)
        {
            var lastOne = Channel.Keys.Count(k => k.IsEnabled) == 1;
            var text = lastOne ? L["Keys.Disable.ConfirmLast", key.Masked] : L["Keys.Disable.Confirm", key.Masked];
            if (!await ConfirmAsync(L["Keys.DisableOf", key.Masked], text, L["Keys.Disable"]))
            {
                return;
            }
        }

        await RunAsync(async a => await Say(await Keys.SetEnabledAsync(key.Id, !key.IsEnabled, a),
            key.IsEnabled ? L["Keys.Disabled", key.Masked] : L["Keys.Enabled", key.Masked]));
    }

    private async Task DeleteKeyAsync(KeySummary key)
    {
        if (await ConfirmAsync(L["Keys.DeleteOf", key.Masked], L["Keys.Delete.Confirm", key.Masked], L["Common.Delete"]))
        {
            await RunAsync(async a => await Say(await Keys.DeleteAsync(key.Id, a), L["Keys.Deleted", key.Masked]));
        }
    }
}
