using System.Buffers.Text;
using System.Text.Json;

namespace LlmClients.Streaming;

/// <summary>
/// The small readers the hand-written chunk parsers share: each reads the value the reader is on, as tolerant as the
/// wire records' source-generated JSON was (numbers may arrive as strings, null is absent) and as strict (a string
/// where a number belongs throws <see cref="JsonException"/>, which the dialect turns into an invalid-response error).
/// </summary>
internal static class ChunkJson
{
    /// <summary>Starts reading a payload that must be one JSON object.</summary>
    /// <param name="json">The payload.</param>
    /// <returns>The reader, inside the object.</returns>
    /// <exception cref="JsonException">The payload is JSON null or not an object.</exception>
    public static Utf8JsonReader OpenObject(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        reader.Read();
        return StartObject(ref reader) ? reader : throw new JsonException("The payload was JSON null.");
    }

    /// <summary>Ends reading a payload after its object: anything but white space after it fails here, as it would have in the serializer.</summary>
    /// <param name="reader">The reader, on the object's end.</param>
    /// <exception cref="JsonException">Something follows the object.</exception>
    public static void CloseObject(ref Utf8JsonReader reader) => reader.Read();

    /// <summary>Reads a string or null.</summary>
    /// <param name="reader">The reader, on the value.</param>
    /// <returns>The string, or null.</returns>
    /// <exception cref="JsonException">The value is not a string or null.</exception>
    public static string? String(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString(),
        JsonTokenType.Null => null,
        _ => throw new JsonException($"Expected a string, not {reader.TokenType}."),
    };

    /// <summary>
    /// Reads a string or null, returning <paramref name="last"/> itself when the value is the same text: ids and model
    /// names repeat on every chunk of a stream, so each is created once per stream. The comparison reads the UTF-8 bytes
    /// against the ASCII string in place (ids and model names are ASCII); any other value is decoded as usual.
    /// </summary>
    /// <param name="reader">The reader, on the value.</param>
    /// <param name="last">The string this field had on an earlier chunk; updated when the value differs.</param>
    /// <returns>The string, or null.</returns>
    /// <exception cref="JsonException">The value is not a string or null.</exception>
    public static string? Repeated(ref Utf8JsonReader reader, ref string? last)
    {
        if (reader.TokenType == JsonTokenType.String && last is not null && !reader.ValueIsEscaped && System.Text.Ascii.Equals(reader.ValueSpan, last))
        {
            return last;
        }

        var value = String(ref reader);
        return value is null ? null : last = value;
    }

    /// <summary>Reads an integer (a JSON number or a numeric string) or null.</summary>
    /// <param name="reader">The reader, on the value.</param>
    /// <returns>The number, or null.</returns>
    /// <exception cref="JsonException">The value is not an integer, a numeric string or null.</exception>
    public static long? Int64(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.Number when reader.TryGetInt64(out long n):
                return n;
            case JsonTokenType.String when !reader.ValueIsEscaped && Utf8Parser.TryParse(reader.ValueSpan, out long s, out int used) && used == reader.ValueSpan.Length:
                return s;
            case JsonTokenType.String when long.TryParse(reader.GetString(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out long e):
                return e;
            default:
                throw new JsonException($"Expected an integer, not {reader.TokenType}.");
        }
    }

    /// <summary>Reads a 32-bit integer (a JSON number or a numeric string) or null.</summary>
    /// <param name="reader">The reader, on the value.</param>
    /// <returns>The number, or null.</returns>
    /// <exception cref="JsonException">The value is not such an integer, a numeric string or null.</exception>
    public static int? Int32(ref Utf8JsonReader reader)
        => Int64(ref reader) is not long n ? null : n is >= int.MinValue and <= int.MaxValue ? (int)n : throw new JsonException($"{n} is out of range for an index.");

    /// <summary>Reads one integer member of an object (usage details such as <c>{"cached_tokens": 3}</c>), skipping the others.</summary>
    /// <param name="reader">The reader, on the value.</param>
    /// <param name="name">The member.</param>
    /// <returns>The number, or null when the object is null or lacks it.</returns>
    /// <exception cref="JsonException">The value is not an object or null, or the member not an integer.</exception>
    public static long? NumberIn(ref Utf8JsonReader reader, ReadOnlySpan<byte> name)
    {
        long? value = null;
        if (!StartObject(ref reader))
        {
            return null;
        }

        while (NextProperty(ref reader, out var property))
        {
            if (property.SequenceEqual(name))
            {
                value = Int64(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }

        return value;
    }

    /// <summary>Reads a boolean or null.</summary>
    /// <param name="reader">The reader, on the value.</param>
    /// <returns>The value, or null.</returns>
    /// <exception cref="JsonException">The value is not a boolean or null.</exception>
    public static bool? Bool(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        JsonTokenType.Null => null,
        _ => throw new JsonException($"Expected true or false, not {reader.TokenType}."),
    };

    /// <summary>Reads a finish reason: null, empty and DashScope's string <c>"null"</c> mean "not finished" (no string is created for them).</summary>
    /// <param name="reader">The reader, on the value.</param>
    /// <returns>The reason, or null.</returns>
    /// <exception cref="JsonException">The value is not a string or null.</exception>
    public static ChatFinishReason? FinishReason(ref Utf8JsonReader reader)
        => reader.TokenType == JsonTokenType.String && (reader.ValueTextEquals("null"u8) || reader.ValueTextEquals(""u8))
            ? null
            : FinishReasons.FromWire(String(ref reader));

    /// <summary>
    /// Moves to the next property of the object the reader is in and onto its value, giving the property's name as UTF-8
    /// (the payload's own bytes; an escaped name such as <c>"\u0069d"</c> is unescaped first, so it matches as <c>id</c>).
    /// Every field loop of the chunk readers reads this way: compare <paramref name="name"/> with the fields it knows
    /// (a length check first, so a miss costs next to nothing) and <see cref="Utf8JsonReader.Skip"/> the others.
    /// </summary>
    /// <param name="reader">The reader, inside an object (on its start or on the last value read).</param>
    /// <param name="name">The property's name; empty at the end of the object.</param>
    /// <returns>True on a property (the reader is on its value); false at the end of the object.</returns>
    /// <exception cref="JsonException">The JSON is malformed or ends early.</exception>
    public static bool NextProperty(ref Utf8JsonReader reader, out ReadOnlySpan<byte> name)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.EndObject)
        {
            name = default;
            return false;
        }

        name = reader.ValueIsEscaped ? Unescaped(ref reader) : reader.ValueSpan;
        reader.Read();
        return true;
    }

    /// <summary>Moves into an object the reader is on.</summary>
    /// <param name="reader">The reader, on the value.</param>
    /// <returns>True when the value is an object; false when it is null (nothing to read).</returns>
    /// <exception cref="JsonException">The value is neither an object nor null.</exception>
    public static bool StartObject(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.StartObject => true,
        JsonTokenType.Null => false,
        _ => throw new JsonException($"Expected an object, not {reader.TokenType}."),
    };

    /// <summary>Moves into an array the reader is on.</summary>
    /// <param name="reader">The reader, on the value.</param>
    /// <returns>True when the value is an array; false when it is null.</returns>
    /// <exception cref="JsonException">The value is neither an array nor null.</exception>
    public static bool StartArray(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.StartArray => true,
        JsonTokenType.Null => false,
        _ => throw new JsonException($"Expected an array, not {reader.TokenType}."),
    };

    /// <summary>Builds the exception for a chunk that is not the JSON its vendor sends.</summary>
    /// <param name="provider">The provider.</param>
    /// <param name="what">What was being parsed, for the message.</param>
    /// <param name="ex">The parse failure.</param>
    /// <param name="requestId">The request id known so far.</param>
    /// <returns>The exception (not transient: the same answer would fail again).</returns>
    public static LlmRequestException Malformed(string provider, string what, JsonException ex, string? requestId)
        => new(provider, LlmErrorKind.InvalidResponse, 200, null, $"the response could not be parsed as {what}: {ex.Message}", requestId, isTransient: false, innerException: ex);

    private static byte[] Unescaped(ref Utf8JsonReader reader)
    {
        var name = new byte[reader.ValueSpan.Length];
        return name[..reader.CopyString(name)];
    }
}
