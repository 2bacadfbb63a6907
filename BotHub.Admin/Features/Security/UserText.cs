namespace BotHub.Admin.Features.Security;

/// <summary>
/// Text from outside (a name, a message) shown beside other text. In markup, wrap it in &lt;bdi&gt;; where only a plain
/// string can go (an input's value, a select's shown value, a tooltip), <see cref="Isolate"/> puts it between FIRST
/// STRONG ISOLATE and POP DIRECTIONAL ISOLATE, which also close any override the text opened: a right-to-left override
/// in a name cannot reverse the phone number after it.
/// </summary>
public static class UserText
{
    public static string Isolate(string? text) => string.IsNullOrEmpty(text) ? "" : $"\u2068{text}\u2069";
}
