namespace BotHub.Admin.Resources;

/// <summary>Marker for the UI strings in Strings.resx (English) and Strings.zh-Hans.resx (Simplified Chinese).</summary>
public sealed class Strings;
