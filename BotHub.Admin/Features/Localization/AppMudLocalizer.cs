using BotHub.Admin.Resources;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace BotHub.Admin.Features.Localization;

/// <summary>MudBlazor's own texts (pager, pickers, close buttons) from our resources as "Mud.&lt;key&gt;".</summary>
public sealed class AppMudLocalizer(IStringLocalizer<Strings> l) : MudLocalizer
{
    public override LocalizedString this[string key] => Map(key, l["Mud." + key]);

    public override LocalizedString this[string key, params object[] arguments] => Map(key, l["Mud." + key, arguments]);

    private static LocalizedString Map(string key, LocalizedString found) =>
        new(key, found.Value, found.ResourceNotFound);
}
