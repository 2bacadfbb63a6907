using BotHub.Admin.Components.Common;
using BotHub.Admin.Components;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace BotHub.Admin.Features.Channels;

public sealed partial class ChannelCard
{
    private bool _busy;

    [Parameter, EditorRequired]
    public ChannelSummary Channel { get; set; } = null!;

    /// <summary>Something changed: the page reads its channels again.</summary>
    [CascadingParameter]
    private Clock.UserClock Clock { get; set; } = default!;

    [Parameter]
    public EventCallback OnChanged { get; set; }

    private async Task EditAsync()
    {
        var dialog = await Dialogs.ShowAsync<ChannelFormDialog>(L["Channels.EditOf", Channel.Name], new DialogParameters<ChannelFormDialog>
        {
            { x => x.ChannelId, Channel.Id },
            { x => x.Form, ChannelForm.Of(Channel) },
        }, ChannelFormDialog.Options);
        if (await dialog.Result is { Canceled: false })
        {
            Snackbar.Add(L["Channels.Saved"], Severity.Success);
            await OnChanged.InvokeAsync();
        }
    }

    private async Task DeleteAsync()
    {
        if (await ConfirmAsync(L["Channels.DeleteOf", Channel.Name], L["Channels.Delete.Confirm", Channel.Name, Channel.BotPhone], L["Common.Delete"]))
        {
            await RunAsync(async a => await Say(await Editor.DeleteAsync(Channel.Id, a), L["Channels.Deleted", Channel.Name]));
        }
    }

    private async Task AddKeyAsync()
    {
        var dialog = await Dialogs.ShowAsync<KeyAddDialog>(L["Keys.AddTo", Channel.Name], KeyAddDialog.Options);
        if (await dialog.Result is { Canceled: false, Data: var typed })
        {
            await RunAsync(async a => await ShowOnceAsync(await Keys.AddAsync(Channel.Id, typed as string, a), L["Keys.Added"]));
        }
    }

    private async Task NewWebhookSecretAsync()
    {
        if (Channel.HasWebhookSecret
            && !await ConfirmAsync(L["Channels.Webhook.Rotate"], L["Channels.Webhook.Rotate.Confirm"], L["Channels.Webhook.Rotate"]))
        {
            return;
        }

        await RunAsync(async a =>
        {
            var result = await Admin.NewWebhookSecretAsync(Channel.Id, a);
            if (!result.Ok)
            {
                Snackbar.Add(ChannelText.Error(L, result), Severity.Error);
                return;
            }

            await SecretOnceAsync(result.Secret!, L["Channels.Webhook.Secret"], L["Channels.Webhook.Once"]);
            await OnChanged.InvokeAsync();
        });
    }

    /// <summary>A new key, shown once in full; the page then shows only its last four characters.</summary>
    private async Task ShowOnceAsync(ChannelResult result, string done)
    {
        if (!result.Ok)
        {
            Snackbar.Add(ChannelText.Error(L, result), Severity.Error);
            return;
        }

        await SecretOnceAsync(result.Secret!, L["Keys.Key"], L["Keys.Once"]);
        Snackbar.Add(done, Severity.Success);
        await OnChanged.InvokeAsync();
    }

    private Task SecretOnceAsync(string secret, string label, string text) => SecretOnceDialog.ShowAsync(Dialogs, secret, label, text);

    private async Task Say(ChannelResult result, string done)
    {
        Snackbar.Add(result.Ok ? done : ChannelText.Error(L, result), result.Ok ? Severity.Success : Severity.Error);
        if (result.Ok)
        {
            await OnChanged.InvokeAsync();
        }
    }

    private async Task RunAsync(Func<Audit.AuditActor, Task> action)
    {
        _busy = true;
        try
        {
            await action(await Actor.GetAsync());
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task<bool> ConfirmAsync(string title, string text, string yes) =>
        await Dialogs.ConfirmAsync(L, title, text, yes);
}
