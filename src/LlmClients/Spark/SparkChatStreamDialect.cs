
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
    public override StreamStep Map(SseEvent item, string? requestId)
    {
        if (item.DataEquals("[DONE]"u8))
        {
            return StreamStep.End();
        }

        var bytes = item.Utf8Data.Span;

        // Quirk: every chunk carries code/message/sid; a non-zero code (or the gateway's error body) fails the stream.
        if (transport.Errors.ParseError(200, bytes) is { } error)
        {
            return StreamStep.Fail(200, error);
        }

        var chunk = transport.Deserialize(bytes, SparkJsonContext.Default.SparkChatResponse, requestId);
        return StreamStep.Next(SparkChatMapper.FromWireChunk(chunk, model, null));
    }
}
