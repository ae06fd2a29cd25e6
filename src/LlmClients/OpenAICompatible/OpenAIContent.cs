using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LlmClients.OpenAICompatible;

/// <summary>
/// A message's <c>content</c>: a string, or an array of parts (images, audio). Reads a string as is and joins the text of
/// an array (what a server answers with); <c>null</c> stays null. A struct, so a streamed delta costs no extra object.
/// </summary>
/// <param name="Text">The text, when the content is a string.</param>
/// <param name="Parts">The parts, when the content is an array (written as the array; <see cref="Text"/> then holds their text).</param>
[JsonConverter(typeof(OpenAIContentConverter))]
internal readonly record struct OpenAIContent(string? Text, List<OpenAIContentPart>? Parts = null)
{
    /// <summary>Gets whether the content is absent (JSON null).</summary>
    public bool IsNull => Text is null && Parts is null;

    /// <summary>Wraps a string.</summary>
    /// <param name="text">The text.</param>
    public static implicit operator OpenAIContent(string? text) => new(text);
}

/// <summary>Reads and writes <see cref="OpenAIContent"/>.</summary>
internal sealed class OpenAIContentConverter : JsonConverter<OpenAIContent>
{
    /// <inheritdoc />
    public override OpenAIContent Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return default;
            case JsonTokenType.String:
                return new OpenAIContent(reader.GetString());
            case JsonTokenType.StartArray:
                // Some servers answer with [{"type":"text","text":".."}]: keep the text.
                var sb = new StringBuilder();
                using (var doc = JsonDocument.ParseValue(ref reader))
                {
                    foreach (var part in doc.RootElement.EnumerateArray())
                    {
                        if (part.ValueKind == JsonValueKind.String)
                        {
                            sb.Append(part.GetString());
                        }
                        else if (part.ValueKind == JsonValueKind.Object && part.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String)
                        {
                            sb.Append(text.GetString());
                        }
                    }
                }

                return new OpenAIContent(sb.ToString());
            default:
                throw new JsonException($"A message content must be a string, an array or null, not {reader.TokenType}.");
        }
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, OpenAIContent value, JsonSerializerOptions options)
    {
        OpenAIRequestWriter.WriteContent(writer, value);
    }
}
