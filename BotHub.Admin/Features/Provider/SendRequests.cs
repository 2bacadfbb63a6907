using System.Globalization;

namespace BotHub.Admin.Features.Provider;

/// <summary>What a message is, without its words: source, type, and a media's link and file extension.</summary>
public sealed record MessageShape(string Source, string Type, string? Url, string? Extension);

/// <summary>The provider's send request for one recipient (spec, Send a message).</summary>
public static class SendRequests
{
    /// <param name="text">The text field already filled in: a text's body, a media's caption.</param>
    public static SendRequest Make(MessageShape shape, string id, string to, DateTimeOffset at, string? text)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var request = new SendRequest
        {
            Id = id,
            To = to,
            Timestamp = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            Source = shape.Source,
            Type = shape.Type,
        };
        var media = new MediaBody { Url = shape.Url?.Trim(), Caption = text, Extension = shape.Extension?.Trim().ToLowerInvariant() };
        switch (shape.Type)
        {
            case "text": request.Text = new TextBody { Body = text }; break;
            case "image": request.Image = media; break;
            case "document": request.Document = media; break;
            case "audio": request.Audio = media; break;
        }

        return request;
    }
}
