using MudBlazor;

namespace BotHub.Admin.Components.Layout;

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
