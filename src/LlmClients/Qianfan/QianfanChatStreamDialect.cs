using System.Text.Json;

namespace LlmClients.Qianfan;

/// <summary>
/// The Qianfan v1 stream (<c>wenxinworkshop/chat/{endpoint}</c>): <c>data: {json}</c> events, no <c>[DONE]</c>; the event
/// with <c>is_end: true</c> is the last one. A failed request is answered at HTTP 200 with a plain JSON error body instead
/// of an event stream (or an error event), and a rejected access token (110/111) there is refreshed once.
/// </summary>
/// <param name="transport">The transport, for parsing and the error parser.</param>
/// <param name="settings">The instance settings (token invalidation).</param>
/// <param name="model">The requested model.</param>
internal sealed class QianfanChatStreamDialect(LlmHttpTransport transport, QianfanSettings settings, string model) : ChatStreamDialect
{
    /// <inheritdoc />
    public override string EndMarker => "an event with is_end: true";

    /// <inheritdoc />
    public override StreamStep Map(SseEvent item, StreamChunk chunk, string? requestId)
    {
        // Quirk: a failed stream request is answered with plain JSON (application/json) instead of SSE, at HTTP 200;
        // SseResponse surfaces it as one event holding the whole body. Errors can also come as a data: event.
        var bytes = item.Utf8Data;
        if (transport.Errors.ParseError(200, bytes) is { } error)
        {
            return StreamStep.Fail(200, error);
        }

        bool end;
        try
        {
            end = Read(bytes, chunk, model);
        }
        catch (JsonException ex)
        {
            throw ChunkJson.Malformed(transport.Errors.ProviderName, "QianfanChatResponse", ex, requestId);
        }

        // Quirk: no [DONE] terminator; the event with is_end:true is the last one.
        return end ? StreamStep.End(chunk) : StreamStep.Next(chunk);
    }

    /// <summary>
    /// Parses one v1 event. Text (<c>result</c>) is a delta. Quirk: <c>finish_reason</c> is <c>"normal"</c> on every event
    /// and <c>completion_tokens</c> is 0 until the end, so the finish reason and usage are taken only from the
    /// <c>is_end: true</c> event. The vendor flags (<c>is_truncated</c>, <c>need_clear_history</c>, <c>ban_round</c>,
    /// <c>sentence_id</c>, <c>thoughts</c>, <c>search_info</c>) ride on the last event, and on any other event where one says
    /// something (a flag that is true, a ban round, thoughts, search results); plain mid-stream events carry none. A plain
    /// event is read in one pass without allocating a wire record; the last event and one that may say something (or
    /// carries a <c>function_call</c>) are read once more as a whole <see cref="QianfanChatResponse"/>, which the
    /// non-streaming mapper's rules then read.
    /// </summary>
    /// <param name="json">The event payload.</param>
    /// <param name="chunk">The stream's chunk, reset.</param>
    /// <param name="model">The requested model (v1 events do not name it).</param>
    /// <returns>True when the event is the last one (<c>is_end: true</c>).</returns>
    /// <exception cref="JsonException">The payload is not of the v1 shape.</exception>
    internal static bool Read(ReadOnlySpan<byte> json, StreamChunk chunk, string model)
    {
        var reader = ChunkJson.OpenObject(json);
        bool end = false;
        bool mayBeNoteworthy = false;
        while (ChunkJson.NextProperty(ref reader, out var name))
        {
            if (name.SequenceEqual("result"u8))
            {
                chunk.Text = ChunkJson.String(ref reader);
            }
            else if (name.SequenceEqual("is_end"u8))
            {
                end = ChunkJson.Bool(ref reader) == true;
            }
            else if (name.SequenceEqual("id"u8))
            {
                chunk.ResponseId = chunk.RequestId = ChunkJson.Repeated(ref reader, ref chunk.LastResponseId);
            }
            else if (name.SequenceEqual("created"u8))
            {
                chunk.CreatedAt = ChunkJson.Int64(ref reader) is long created ? DateTimeOffset.FromUnixTimeSeconds(created) : null;
            }
            else if (name.SequenceEqual("usage"u8))
            {
                OpenAIChunkReader.ReadUsage(ref reader, chunk, "prompt_tokens"u8, "completion_tokens"u8, "completion_tokens_details"u8);
            }
            else if (name.SequenceEqual("is_truncated"u8) || name.SequenceEqual("need_clear_history"u8))
            {
                mayBeNoteworthy |= ChunkJson.Bool(ref reader) == true;
            }
            else if (name.SequenceEqual("ban_round"u8) || name.SequenceEqual("function_call"u8) || name.SequenceEqual("search_info"u8))
            {
                mayBeNoteworthy |= reader.TokenType != JsonTokenType.Null;
                reader.Skip();
            }
            else
            {
                reader.Skip();
            }
        }

        ChunkJson.CloseObject(ref reader);
        chunk.ModelId = model;
        chunk.Role = ChatRole.Assistant;
        if (!end)
        {
            chunk.Usage = null;
        }

        if (end || mayBeNoteworthy)
        {
            var wire = JsonSerializer.Deserialize(json, QianfanJsonContext.Default.QianfanChatResponse)!;
            if (end || wire.IsTruncated == true || wire.NeedClearHistory == true || wire.BanRound is not null
                || wire.FunctionCall?.Thoughts is { Length: > 0 } || wire.SearchInfo is { ValueKind: JsonValueKind.Object })
            {
                chunk.FinishReason = end ? QianfanChatMapper.FinishReason(wire, final: true) : null;
                chunk.AdditionalProperties = QianfanChatMapper.Extras(wire, null);
            }

            if (wire.FunctionCall is { } call)
            {
                chunk.ToolCalls = [new ToolCallFragment(0, QianfanChatMapper.CallId(wire.Id), call.Name, call.Arguments)];
            }
        }

        return end;
    }

    /// <summary>
    /// Quirk: 110/111 can also arrive as the first event of an event stream, which the auth handler never reads. Nothing
    /// has reached the caller yet, so drop the token and open the stream once more; not when the auth handler already
    /// spent the one refresh-and-resend of this call on a plain-JSON 110/111.
    /// </summary>
    /// <param name="request">The request that got the error.</param>
    /// <param name="error">The error.</param>
    /// <returns>True when the token was dropped and the stream should be opened again.</returns>
    public override bool TryReopen(HttpRequestMessage request, VendorError error)
    {
        if (!QianfanErrorMapper.IsTokenRejected(error) || settings.InvalidateToken is not { } invalidate
            || QianfanAuthHandler.ReadToken(request.RequestUri) is not { } token || QianfanAuthHandler.WasResent(request))
        {
            return false;
        }

        invalidate(token);
        return true;
    }
}
