using System.Text.Json;

namespace LlmClients.DashScope;

/// <summary>
/// The native DashScope stream (<c>X-DashScope-SSE: enable</c>): <c>id:N</c>, <c>event:result</c>, <c>:HTTP_STATUS/200</c>,
/// <c>data:{json}</c>, sometimes without blank lines between events; no <c>[DONE]</c>: the event whose <c>finish_reason</c>
/// is not the string <c>"null"</c> is the last one, so a body that closes while the finish reason is still <c>"null"</c> is cut
/// short (nothing else tells the two apart). Errors arrive at HTTP 200 as <c>event:error</c>.
/// </summary>
/// <param name="transport">The transport, for parsing.</param>
/// <param name="model">The requested model (native events do not name it).</param>
internal sealed class DashScopeChatStreamDialect(LlmHttpTransport transport, string model) : ChatStreamDialect
{
    /// <summary>Gets true: some DashScope streams omit the blank line between events and carry the status in a comment.</summary>
    public override bool RepairFraming => true;

    /// <summary>Gets true: every native event carries the <c>request_id</c> DashScope support asks for; the header is missing on some responses.</summary>
    public override bool PreferBodyRequestId => true;

    /// <inheritdoc />
    public override string EndMarker => "an event whose finish_reason is not \"null\"";

    /// <inheritdoc />
    public override StreamStep Map(SseEvent item, StreamChunk chunk, string? requestId)
    {
        if (item.EventType == "error")
        {
            // Quirk: stream errors arrive at HTTP 200 as event:error; the real status is in the comment ":HTTP_STATUS/400".
            var (status, error) = DashScopeErrorMapper.Instance.ParseStreamError(item);
            return StreamStep.Fail(status, error);
        }

        bool isError;
        try
        {
            isError = Read(item.Utf8Data, chunk);
        }
        catch (JsonException ex)
        {
            throw ChunkJson.Malformed(transport.Errors.ProviderName, "DashScopeChatResponse", ex, requestId);
        }

        if (isError)
        {
            // A 200 answer that is a JSON error body instead of an event stream.
            var (status, error) = DashScopeErrorMapper.Instance.ParseStreamError(item);
            return StreamStep.Fail(status, error);
        }

        chunk.ModelId = model;

        // Quirk: there is no [DONE]; the event whose finish_reason is not "null" is the last one.
        return chunk.FinishReason is null ? StreamStep.Next(chunk) : StreamStep.End(chunk);
    }

    /// <summary>
    /// Parses one native event in one pass: <c>output.choices[]</c> (message format: each choice's <c>message</c> is the
    /// delta, or everything so far when incremental output is off) or <c>output.text</c> with <c>output.finish_reason</c>
    /// (text format), the usage (repeated, cumulative, on every event: the normalizer keeps the last) and the
    /// <c>request_id</c>, which is both the response id and the request id.
    /// </summary>
    /// <param name="json">The event payload.</param>
    /// <param name="chunk">The stream's chunk, reset.</param>
    /// <returns>True when the payload is an error body (a <c>code</c> and no <c>output</c>).</returns>
    /// <exception cref="JsonException">The payload is not of the native shape.</exception>
    internal static bool Read(ReadOnlySpan<byte> json, StreamChunk chunk)
    {
        var reader = ChunkJson.OpenObject(json);

        bool hasOutput = false;
        bool hasCode = false;
        while (ChunkJson.NextProperty(ref reader, out var name))
        {
            if (name.SequenceEqual("output"u8))
            {
                hasOutput = ReadOutput(ref reader, chunk);
            }
            else if (name.SequenceEqual("usage"u8))
            {
                OpenAIChunkReader.ReadUsage(ref reader, chunk, "input_tokens"u8, "output_tokens"u8, "output_tokens_details"u8);
            }
            else if (name.SequenceEqual("request_id"u8))
            {
                chunk.RequestId = chunk.ResponseId = ChunkJson.Repeated(ref reader, ref chunk.LastRequestId);
            }
            else if (name.SequenceEqual("code"u8))
            {
                hasCode = reader.TokenType == JsonTokenType.String && !reader.ValueTextEquals(""u8);
                ChunkJson.String(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }

        ChunkJson.CloseObject(ref reader);
        return hasCode && !hasOutput;
    }

    private static bool ReadOutput(ref Utf8JsonReader reader, StreamChunk chunk)
    {
        if (!ChunkJson.StartObject(ref reader))
        {
            return false;
        }

        bool choices = false;
        string? text = null;
        ChatFinishReason? finishReason = null;
        while (ChunkJson.NextProperty(ref reader, out var name))
        {
            if (name.SequenceEqual("choices"u8))
            {
                // Stream events carry "message", not "delta".
                choices |= OpenAIChunkReader.ReadChoices(ref reader, chunk, "message"u8, OpenAIChunkReader.OpenAIToolCalls);
            }
            else if (name.SequenceEqual("text"u8))
            {
                text = ChunkJson.String(ref reader);
            }
            else if (name.SequenceEqual("finish_reason"u8))
            {
                finishReason = ChunkJson.FinishReason(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }

        if (!choices)
        {
            // Text format: output.text and output.finish_reason ("null" while unfinished).
            chunk.Role = ChatRole.Assistant;
            chunk.Text = text;
            chunk.FinishReason = finishReason;
        }

        return true;
    }
}
