using System.Text;
using System.Text.Json.Nodes;

namespace BotHub.Admin.Tests.Infrastructure;

/// <summary>Valid provider request bodies, as JSON trees a test can break one field at a time.</summary>
public static class SandboxMessages
{
    public const string Bot = "+8613800000001";
    public const string Key = "sandbox-key-1";
    public const string User = "+8613900000001";

    private static int _lastId;

    /// <summary>A request id no other test uses.</summary>
    public static string NewId() => "msg-" + Interlocked.Increment(ref _lastId).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static JsonObject Text(string? id = null, string to = User, string body = "Hello") => Envelope(id, to, "text", "text", new JsonObject { ["body"] = body });

    /// <summary>An image, document or audio message with a valid https URL, caption and extension.</summary>
    public static JsonObject Media(string type, string? id = null, string to = User)
    {
        var extension = type switch { "image" => "png", "document" => "pdf", _ => "mp3" };
        return Envelope(id, to, type, type, new JsonObject
        {
            ["url"] = $"https://files.example.com/a.{extension}",
            ["caption"] = "A caption",
            ["extension"] = extension,
        });
    }

    public static JsonObject Check(string? id = null, string to = User) => new() { ["id"] = id ?? NewId(), ["to"] = to };

    public static byte[] Bytes(JsonNode node) => Encoding.UTF8.GetBytes(node.ToJsonString());

    private static JsonObject Envelope(string? id, string to, string type, string field, JsonObject content) => new()
    {
        ["id"] = id ?? NewId(),
        ["to"] = to,
        ["timestamp"] = "1772447415",
        ["source"] = "botchat",
        ["type"] = type,
        [field] = content,
    };
}
