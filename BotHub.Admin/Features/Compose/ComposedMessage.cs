using BotHub.Admin.Features.Provider;

namespace BotHub.Admin.Features.Compose;

/// <summary>
/// A message as staff write it: source, type and that type's fields. The text field (a text's body, a media's caption)
/// may hold variables, filled per recipient by <see cref="MessageVariables"/>.
/// </summary>
public sealed class ComposedMessage
{
    public string Source { get; set; } = "botchat";
    public string Type { get; set; } = "text";
    public string? Body { get; set; }
    public string? Url { get; set; }
    public string? Caption { get; set; }
    public string? Extension { get; set; }

    public bool IsMedia => Type != "text";

    /// <summary>The field that carries words and variables: the body of a text, the caption of a media message.</summary>
    public string? Template => IsMedia ? Caption : Body;

    public ComposedMessage Copy() => (ComposedMessage)MemberwiseClone();

    /// <summary>The provider's request for one recipient, with the text field already filled in.</summary>
    public SendRequest ToRequest(string id, string to, DateTimeOffset at, string? renderedText) =>
        SendRequests.Make(new MessageShape(Source, Type, Url, Extension), id, to, at, renderedText);
}
