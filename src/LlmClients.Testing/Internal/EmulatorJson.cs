using System.Text.Encodings.Web;

namespace LlmClients.Testing;

/// <summary>
/// JSON helpers shared by the vendor route modules. Bodies are built with <see cref="JsonNode"/> (no reflection).
/// </summary>
internal static class EmulatorJson
{
    /// <summary>Compact output that keeps CJK text readable, as the vendors do.</summary>
    public static JsonSerializerOptions Options { get; } = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Serialize(JsonNode node) => node.ToJsonString(Options);

    /// <summary>Parses a request body; returns null when it is not a JSON object.</summary>
    public static JsonObject? ParseObject(string body)
    {
        try
        {
            return JsonNode.Parse(body) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Reads a string property, or null when absent or not a string.</summary>
    public static string? GetString(JsonObject obj, string name) => AsString(obj[name]);

    /// <summary>Reads a string node, or null when it is absent or not a string.</summary>
    public static string? AsString(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    /// <summary>Reads a boolean property, or false when absent or not a boolean.</summary>
    public static bool GetBool(JsonObject obj, string name) =>
        obj[name] is JsonValue value && value.GetValueKind() == JsonValueKind.True;

    /// <summary>Reads an integer property, or null when absent or not a number.</summary>
    public static int? GetInt(JsonObject obj, string name) =>
        obj[name] is JsonValue value && value.GetValueKind() == JsonValueKind.Number ? value.GetValue<int>() : null;
}
