using System.Text.Json;
using System.Text.Json.Serialization;

namespace LlmClients.Spark;

/// <summary>
/// Quirk: Spark returns <c>tool_calls</c> as one JSON object (<c>{type, function{name, arguments}, id?}</c>) unless the
/// request sets <c>tool_calls_switch: true</c>, which makes it an array (iFlytek websdk-java <c>sparkchat.md</c>). Both read
/// as a list; null reads as null.
/// </summary>
internal sealed class SparkToolCallsConverter : JsonConverter<List<OpenAIToolCall>?>
{
    /// <inheritdoc />
    public override List<OpenAIToolCall>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var item = OpenAIJsonContext.Default.OpenAIToolCall;
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.StartObject:
                return [JsonSerializer.Deserialize(ref reader, item)!];
            case JsonTokenType.StartArray:
                var list = new List<OpenAIToolCall>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (JsonSerializer.Deserialize(ref reader, item) is { } call)
                    {
                        list.Add(call);
                    }
                }

                return list;
            default:
                throw new JsonException($"tool_calls is a JSON {reader.TokenType}, not an object or an array.");
        }
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, List<OpenAIToolCall>? value, JsonSerializerOptions options)
        => throw new NotSupportedException("Spark responses are only read.");
}
