using System.Text.Json;

namespace LlmClients.Spark;

/// <summary>
/// Spark's <c>chat/completions</c> stream: <c>data:{...}</c> events without the space (spec SSE, which the parser takes),
/// each with <c>code</c>/<c>message</c>/<c>sid</c>; a non-zero code is an error; no <c>finish_reason</c>, usage in the last
/// chunk; <c>data:[DONE]</c> ends it, and a stream without it is cut short. The <c>sid</c> is the request id.
/// </summary>
/// <param name="transport">The transport, for parsing and the error parser.</param>
/// <param name="model">The requested model, which Spark's chunks do not name.</param>
internal sealed class SparkChatStreamDialect(LlmHttpTransport transport, string model) : ChatStreamDialect
{
    /// <inheritdoc />
    public override bool PreferBodyRequestId => true;

    /// <inheritdoc />
    public override string EndMarker => "data:[DONE]";

    /// <inheritdoc />
    public override string EndData => "[DONE]";

    /// <inheritdoc />
    public override StreamStep Map(SseEvent item, StreamChunk chunk, string? requestId)
    {
        // Quirk: every chunk carries code/message/sid; a non-zero code (or the gateway's error body, which may not be
        // of the chunk's shape) fails the stream. A payload that is neither a chunk nor an error is malformed.
        var bytes = item.Utf8Data;
        try
        {
            if (Read(bytes, chunk, model) && transport.Errors.ParseError(200, bytes) is { } error)
            {
                return StreamStep.Fail(200, error);
            }
        }
        catch (JsonException ex)
        {
            return transport.Errors.ParseError(200, bytes) is { } error
                ? StreamStep.Fail(200, error)
                : throw ChunkJson.Malformed(transport.Errors.ProviderName, "SparkChatResponse", ex, requestId);
        }

        return StreamStep.Next(chunk);
    }

    /// <summary>
    /// Parses one chunk in one pass: OpenAI-shaped <c>choices[].delta</c> and <c>usage</c>, plus Spark's <c>code</c> and
    /// <c>sid</c> (the request id, and the response id when the chunk has no <c>id</c>). Quirk: with <c>tool_calls_switch</c>
    /// the reply's role is <c>"tool"</c>: it is the assistant speaking. Quirk: usage rides inside the last content chunk (v1)
    /// or a final chunk of its own (X1), and neither has a finish reason: a chunk with usage finishes the reply.
    /// </summary>
    /// <param name="json">The payload.</param>
    /// <param name="chunk">The stream's chunk, reset.</param>
    /// <param name="model">The requested model, which Spark's chunks do not name.</param>
    /// <returns>True when the payload may be an error (a non-zero <c>code</c>, an <c>error</c> or a <c>header</c>).</returns>
    /// <exception cref="JsonException">The payload is not of the chunk's shape.</exception>
    internal static bool Read(ReadOnlySpan<byte> json, StreamChunk chunk, string model)
    {
        var reader = ChunkJson.OpenObject(json);

        bool suspect = false;
        string? id = null;
        while (ChunkJson.NextProperty(ref reader, out var name))
        {
            if (name.SequenceEqual("choices"u8))
            {
                OpenAIChunkReader.ReadChoices(ref reader, chunk, "delta"u8, ToolCalls);
            }
            else if (name.SequenceEqual("code"u8))
            {
                suspect |= reader.TokenType switch
                {
                    JsonTokenType.Number => !reader.TryGetInt64(out long code) || code != 0,
                    JsonTokenType.String => !reader.ValueTextEquals("0"u8),
                    _ => false,
                };
            }
            else if (name.SequenceEqual("sid"u8))
            {
                chunk.RequestId = ChunkJson.Repeated(ref reader, ref chunk.LastRequestId);
            }
            else if (name.SequenceEqual("id"u8))
            {
                id = ChunkJson.Repeated(ref reader, ref chunk.LastResponseId);
            }
            else if (name.SequenceEqual("created"u8))
            {
                chunk.CreatedAt = ChunkJson.Int64(ref reader) is long created ? DateTimeOffset.FromUnixTimeSeconds(created) : null;
            }
            else if (name.SequenceEqual("model"u8))
            {
                chunk.ModelId = ChunkJson.Repeated(ref reader, ref chunk.LastModelId);
            }
            else if (name.SequenceEqual("usage"u8))
            {
                OpenAIChunkReader.ReadUsage(ref reader, chunk, "prompt_tokens"u8, "completion_tokens"u8, "completion_tokens_details"u8);
            }
            else if (name.SequenceEqual("error"u8) || name.SequenceEqual("header"u8))
            {
                suspect |= reader.TokenType != JsonTokenType.Null;
                reader.Skip();
            }
            else
            {
                reader.Skip();
            }
        }

        ChunkJson.CloseObject(ref reader);

        // Quirk: the non-stream body has no id; the sid identifies the reply.
        chunk.ResponseId = id ?? chunk.RequestId;
        chunk.ModelId ??= model;
        if (chunk.Role is { Value: "tool" })
        {
            chunk.Role = ChatRole.Assistant;
        }

        if (chunk.Usage is not null)
        {
            chunk.FinishReason ??= ChatFinishReason.Stop;
        }

        return suspect;
    }

    private static List<OpenAIToolCall>? ToolCalls(ref Utf8JsonReader reader)
        => new SparkToolCallsConverter().Read(ref reader, typeof(List<OpenAIToolCall>), OpenAIJsonContext.Default.Options);
}
