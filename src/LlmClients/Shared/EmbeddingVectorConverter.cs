using System.Buffers;
using System.Buffers.Text;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LlmClients.Shared;

/// <summary>
/// Reads an embedding straight into its final, right-sized <see cref="float"/> array: a JSON array of numbers (read into
/// a pooled scratch buffer, then one copy into the result: no growing list), or a base64 string of little-endian
/// float32 (OpenAI-compatible <c>encoding_format: "base64"</c>) decoded from the UTF-8 payload directly into the result.
/// Used by every vendor's embedding wire type (OpenAI-compatible, DashScope native, Qianfan v1) and the TEI reader.
/// </summary>
internal sealed class EmbeddingVectorConverter : JsonConverter<float[]>
{
    // Larger than any served model's vectors (3072 dimensions at most today); longer arrays continue in a bigger rental.
    private const int ScratchLength = 4096;

    public override float[] Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return DecodeBase64(ref reader);
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException($"An embedding must be an array of numbers or a base64 string, not {reader.TokenType}.");
        }

        reader.Read();
        var vector = ReadNumbers(ref reader);
        if (reader.TokenType != JsonTokenType.EndArray)
        {
            throw new JsonException($"An embedding array holds a {reader.TokenType} where numbers were expected.");
        }

        return vector;
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

    /// <summary>
    /// Reads the numbers from the current token on, leaving the reader on the first token that is not a number (the
    /// closing bracket of a well-formed array).
    /// </summary>
    /// <param name="reader">A reader over a complete document, positioned on the first element.</param>
    /// <returns>The numbers, in a new array of exactly their count.</returns>
    /// <exception cref="JsonException">A number does not fit a float, or the document ends inside the array.</exception>
    public static float[] ReadNumbers(ref Utf8JsonReader reader)
    {
        var scratch = ArrayPool<float>.Shared.Rent(ScratchLength);
        int count = 0;
        try
        {
            while (reader.TokenType == JsonTokenType.Number)
            {
                if (count == scratch.Length)
                {
                    var bigger = ArrayPool<float>.Shared.Rent(scratch.Length * 2);
                    scratch.AsSpan(0, count).CopyTo(bigger);
                    ArrayPool<float>.Shared.Return(scratch);
                    scratch = bigger;
                }

                scratch[count++] = reader.GetSingle();
                if (!reader.Read())
                {
                    throw new JsonException("The body ends inside an embedding array.");
                }
            }

            return scratch.AsSpan(0, count).ToArray();
        }
        finally
        {
            ArrayPool<float>.Shared.Return(scratch);
        }
    }

    /// <summary>Decodes the base64 string the reader is on (little-endian float32 values) into a right-sized array.</summary>
    private static float[] DecodeBase64(ref Utf8JsonReader reader)
    {
        // A JSON string may escape characters ("\/" from some servers): unescape first, into a pooled buffer.
        byte[]? rented = null;
        ReadOnlySpan<byte> utf8;
        if (reader.ValueIsEscaped || reader.HasValueSequence)
        {
            var length = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
            rented = ArrayPool<byte>.Shared.Rent(length);
            utf8 = rented.AsSpan(0, reader.CopyString(rented));
        }
        else
        {
            utf8 = reader.ValueSpan;
        }

        try
        {
            int padding = utf8.EndsWith("=="u8) ? 2 : utf8.EndsWith("="u8) ? 1 : 0;
            int bytes = (utf8.Length / 4 * 3) - padding;
            if (utf8.Length % 4 != 0 || bytes % sizeof(float) != 0)
            {
                throw new JsonException("A base64 embedding is not whole float32 values.");
            }

            var vector = new float[bytes / sizeof(float)];
            var status = Base64.DecodeFromUtf8(utf8, MemoryMarshal.AsBytes(vector.AsSpan()), out _, out int written);
            if (status != OperationStatus.Done || written != bytes)
            {
                throw new JsonException("A base64 embedding is not valid base64.");
            }

            if (!BitConverter.IsLittleEndian)
            {
                var ints = MemoryMarshal.Cast<float, int>(vector.AsSpan());
                System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(ints, ints);
            }

            return vector;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
