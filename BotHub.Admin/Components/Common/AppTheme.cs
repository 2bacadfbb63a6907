using MudBlazor;
using BotHub.Admin.Components.Common;

namespace BotHub.Admin.Components.Common;

/// <summary>
/// The app's colours. Every colour that carries text (status colours, secondary text) reads at 4.5:1 or more on the
/// page's background and under white text (WCAG 2.2 AA); MudBlazor's defaults (green #00c853, blue #2196f3, orange
/// #ff9800, secondary text at 54 % black) do not.
/// </summary>
public static class AppTheme
{
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#0f7b6c",
            Secondary = "#5f6b7a",
            AppbarBackground = "#0f7b6c",
            Background = "#f6f7f9",
            Success = "#2e7d32",
            Info = "#1565c0",
            Warning = "#a14a00",
            Error = "#c62828",
            TextSecondary = "rgba(0,0,0,0.64)",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#3ccfb0",
            Secondary = "#9aa5b1",
            AppbarBackground = "#1b1f24",
        },
        LayoutProperties = new LayoutProperties { DrawerWidthLeft = "240px" },
    };
}
