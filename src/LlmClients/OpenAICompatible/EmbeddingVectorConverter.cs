using System.Buffers.Binary;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LlmClients.OpenAICompatible;

/// <summary>
/// Reads an embedding straight into a <see cref="float"/> array: a JSON array of numbers, or (with
/// <c>encoding_format: "base64"</c>) a base64 string of little-endian float32. No intermediate document per vector.
/// </summary>
internal sealed class EmbeddingVectorConverter : JsonConverter<float[]>
{
    public override float[] Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            var bytes = reader.GetBytesFromBase64();
            var vector = new float[bytes.Length / sizeof(float)];
            for (int i = 0; i < vector.Length; i++)
            {
                vector[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(i * sizeof(float)));
            }

            return vector;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException($"An embedding must be an array of numbers or a base64 string, not {reader.TokenType}.");
        }

        var list = new List<float>(1536);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            list.Add(reader.GetSingle());
        }

        return [.. list];
    }

    public override void Write(Utf8JsonWriter writer, float[] value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStartArray();
        foreach (var f in value)
        {
            writer.WriteNumberValue(f);
        }

        writer.WriteEndArray();
    }
}
