using System.Globalization;
using System.Text.RegularExpressions;

namespace BotHub.Admin.Features.Provider;

/// <summary>One reason the provider would refuse a message: its code, the field, and for 10100 what is wrong.</summary>
public sealed record ValidationIssue(int Code, string Field, string? Detail = null)
{
    public ErrorInfo Info => ErrorCatalogue.Find(Code);
}

/// <summary>
/// The provider's checks on a send request (41xxx and 10100), in the provider's order, with the project's
/// decisions on extensions, https URLs and lengths. The composer, the engine and the sandbox all use this.
/// </summary>
public static partial class MessageRules
{
    public const int MaxBodyLength = 4096;
    public const int MaxCaptionLength = 1024;

    public static readonly IReadOnlyList<string> Sources = ["botchat", "livechat"];
    public static readonly IReadOnlyList<string> Types = ["text", "image", "document", "audio"];

    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> Extensions = new Dictionary<string, IReadOnlyList<string>>
    {
        ["image"] = ["jpg", "jpeg", "png"],
        ["document"] = ["pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "txt"],
        ["audio"] = ["aac", "amr", "mp3", "m4a", "ogg"],
    };

    // Per media type: the codes for (object missing, url missing, caption missing, extension missing).
    private static readonly Dictionary<string, (int Object, int Url, int Caption, int Extension)> MediaCodes = new()
    {
        ["image"] = (41010, 41021, 41019, 41022),
        ["document"] = (41011, 41017, 41016, 41018),
        ["audio"] = (41013, 41024, 41023, 41025),
    };

    /// <summary>Every issue, in the order the provider checks; empty when the provider would accept it.</summary>
    public static IReadOnlyList<ValidationIssue> Validate(SendRequest r)
    {
        var issues = new List<ValidationIssue>();
        Required(issues, r.Id, 41006, "id");
        Required(issues, r.To, 41007, "to");
        Required(issues, r.Type, 41008, "type");
        Required(issues, r.Timestamp, 41009, "timestamp");
        Required(issues, r.Source, 41035, "source");
        if (!string.IsNullOrEmpty(r.Source) && !Sources.Contains(r.Source))
        {
            issues.Add(new(41036, "source"));
        }

        if (!string.IsNullOrEmpty(r.To) && !IsE164(r.To))
        {
            issues.Add(new(10100, "to", "not a phone number in E.164 form (+ and 8 to 15 digits)"));
        }

        if (!string.IsNullOrEmpty(r.Timestamp) && !long.TryParse(r.Timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            issues.Add(new(10100, "timestamp", "not Unix seconds"));
        }

        if (string.IsNullOrEmpty(r.Type))
        {
            return issues;
        }

        if (r.Type == "text")
        {
            if (r.Text is null)
            {
                issues.Add(new(41012, "text"));
            }
            else if (string.IsNullOrWhiteSpace(r.Text.Body))
            {
                issues.Add(new(41015, "text.body"));
            }
            else if (r.Text.Body.Length > MaxBodyLength)
            {
                issues.Add(new(10100, "text.body", $"longer than {MaxBodyLength} characters"));
            }
        }
        else if (MediaCodes.TryGetValue(r.Type, out var codes))
        {
            ValidateMedia(issues, r.Type, MediaOf(r, r.Type), codes);
        }
        else
        {
            issues.Add(new(41014, "type"));
        }

        return issues;
    }

    public static bool IsE164(string phone) => E164().IsMatch(phone);

    /// <summary>The extension a media URL's path ends with, lower case, if it is one allowed for the type.</summary>
    public static string? InferExtension(string type, string? url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || !Extensions.TryGetValue(type, out var allowed))
        {
            return null;
        }

        var ext = Path.GetExtension(uri.AbsolutePath).TrimStart('.').ToLowerInvariant();
        return allowed.Contains(ext) ? ext : null;
    }

    private static MediaBody? MediaOf(SendRequest r, string type) => type switch
    {
        "image" => r.Image,
        "document" => r.Document,
        _ => r.Audio,
    };

    private static void ValidateMedia(List<ValidationIssue> issues, string type, MediaBody? media, (int Object, int Url, int Caption, int Extension) codes)
    {
        if (media is null)
        {
            issues.Add(new(codes.Object, type));
            return;
        }

        Required(issues, media.Url, codes.Url, $"{type}.url");
        Required(issues, media.Caption, codes.Caption, $"{type}.caption");
        Required(issues, media.Extension, codes.Extension, $"{type}.extension");
        if (!string.IsNullOrWhiteSpace(media.Url)
            && !(Uri.TryCreate(media.Url, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps && uri.Host.Length > 0))
        {
            issues.Add(new(10100, $"{type}.url", "not an absolute https URL"));
        }

        if (media.Caption is { Length: > MaxCaptionLength })
        {
            issues.Add(new(10100, $"{type}.caption", $"longer than {MaxCaptionLength} characters"));
        }

        if (!string.IsNullOrWhiteSpace(media.Extension) && !Extensions[type].Contains(media.Extension))
        {
            issues.Add(new(10100, $"{type}.extension", $"not one of {string.Join(", ", Extensions[type])}"));
        }
    }

    private static void Required(List<ValidationIssue> issues, string? value, int code, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            issues.Add(new(code, field));
        }
    }

    [GeneratedRegex(@"^\+[1-9][0-9]{7,14}$")]
    private static partial Regex E164();
}
