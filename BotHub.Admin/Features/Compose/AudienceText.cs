namespace BotHub.Admin.Features.Compose;

/// <summary>A choice of recipients in words, kept on the broadcast and in the audit log (not translated: a record).</summary>
public static class AudienceText
{
    public static string Describe(AudienceChoice choice)
    {
        ArgumentNullException.ThrowIfNull(choice);
        var text = choice.Mode switch
        {
            AudienceMode.Tags => $"tags: {string.Join(", ", choice.Tags)}",
            AudienceMode.Filter => $"filter: search '{choice.Search}', tag '{choice.Tag}', opt-in {choice.OptIn?.ToString() ?? "any"}",
            AudienceMode.Saved => $"saved selection #{choice.SelectionId}",
            AudienceMode.Pasted => $"pasted numbers ({(choice.Pasted ?? "").Split('\n').Length} lines)",
            _ => "all eligible",
        };
        return text.Length > 1000 ? text[..1000] : text;
    }
}
