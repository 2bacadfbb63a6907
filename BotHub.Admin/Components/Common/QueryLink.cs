using BotHub.Admin.Components.Common;

namespace BotHub.Admin.Components.Common;

/// <summary>A link to a download endpoint carrying a page's filters: empty values are left out, the rest escaped.</summary>
public static class QueryLink
{
    public static string Build(string path, params (string Key, string? Value)[] values)
    {
        var query = values.Where(v => !string.IsNullOrWhiteSpace(v.Value))
            .Select(v => $"{Uri.EscapeDataString(v.Key)}={Uri.EscapeDataString(v.Value!)}");
        return path + "?" + string.Join("&", query);
    }
}
