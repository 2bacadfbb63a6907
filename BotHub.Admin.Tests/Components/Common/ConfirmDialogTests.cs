using BotHub.Admin.Components.Common;
using Bunit;
using BotHub.Admin.Resources;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace BotHub.Admin.Tests.Components.Common;

/// <summary>The one confirmation every page asks with: a destructive action's button is red, the others' are not.</summary>
public sealed class ConfirmDialogTests : BunitTestBase
{
    private async Task<(IRenderedComponent<MudDialogProvider> Provider, Task<bool> Answer)> AskAsync(bool destructive)
    {
        var provider = Render<MudDialogProvider>();
        var dialogs = Services.GetRequiredService<IDialogService>();
        var l = Services.GetRequiredService<IStringLocalizer<Strings>>();
        Task<bool>? answer = null;
        // Asked on the renderer's thread, not awaited there: the answer comes when a button is clicked.
        await provider.InvokeAsync(() => { answer = dialogs.ConfirmAsync(l, "Delete channel?", "Its keys go too.", "Delete", destructive); });
        provider.WaitForElement(".mud-dialog");
        return (provider, answer!);
    }

    [Fact]
    public async Task Destructive_HasARedConfirmButton_AndConfirmingAnswersYes()
    {
        var (provider, answer) = await AskAsync(destructive: true);

        var buttons = provider.FindAll(".mud-dialog-actions button");
        Assert.Equal(["Cancel", "Delete"], buttons.Select(b => b.TextContent.Trim()));
        Assert.Contains("mud-button-filled-error", buttons[1].ClassName, StringComparison.Ordinal);
        Assert.Contains("Its keys go too.", provider.Find(".mud-dialog-content").TextContent, StringComparison.Ordinal);

        await provider.InvokeAsync(() => buttons[1].Click());
        Assert.True(await answer);
    }

    [Fact]
    public async Task NotDestructive_HasThePrimaryColour_AndCancelAnswersNo()
    {
        var (provider, answer) = await AskAsync(destructive: false);

        var buttons = provider.FindAll(".mud-dialog-actions button");
        Assert.Contains("mud-button-filled-primary", buttons[1].ClassName, StringComparison.Ordinal);

        await provider.InvokeAsync(() => buttons[0].Click());
        Assert.False(await answer);
    }
}
