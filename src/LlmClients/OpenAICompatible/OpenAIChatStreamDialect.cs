using System.Text.Json;

namespace LlmClients.OpenAICompatible;

/// <summary>
/// The <c>chat/completions</c> stream of an OpenAI-compatible server (OpenAI, DashScope compatible mode, Zhipu, Qianfan v2):
/// spec SSE, <c>data: {chunk}</c> events ended by <c>data: [DONE]</c>, errors as <c>data: {"error":{..}}</c> or an
/// <c>event: error</c> with a flat body. A body that closes before any finish reason and without <c>[DONE]</c> is cut short.
/// </summary>
/// <param name="transport">The transport, for parsing and the vendor's error parser.</param>
/// <param name="preferBodyRequestId">Whether the body's <c>request_id</c> wins over the response header (Zhipu, whose caller may set it).</param>
internal sealed class OpenAIChatStreamDialect(LlmHttpTransport transport, bool preferBodyRequestId = false) : ChatStreamDialect
{
    /// <inheritdoc />
    public override bool PreferBodyRequestId => preferBodyRequestId;

    /// <inheritdoc />
    public override string EndMarker => "data: [DONE]";

    /// <inheritdoc />
    public override string EndData => "[DONE]";

    /// <inheritdoc />
    public override StreamStep Map(SseEvent item, StreamChunk chunk, string? requestId)
    {
        var bytes = item.Utf8Data;
        bool error;
        try
        {
            error = OpenAIChunkReader.Read(bytes, chunk);
        }
        catch (JsonException ex)
        {
            throw ChunkJson.Malformed(transport.Errors.ProviderName, "OpenAIChatResponse", ex, requestId);
        }

        if (error || item.EventType == "error")
        {
            // Quirk: errors inside a 200 stream arrive as data: {"error":{...}} (or event: error with a flat body).
            return StreamStep.Fail(200, transport.Errors.ParseError(200, bytes) ?? new VendorError(null, null, chunk.RequestId));
        }

        return StreamStep.Next(chunk);
    }

    /// <summary>
    /// Accepts a clean close after a finish reason as complete: the answer is whole once a choice has finished (only the
    /// optional usage chunk may be missing), and some compatible servers close without <c>[DONE]</c> then. A close before
    /// any finish reason is a cut-off answer.
    /// </summary>
    /// <param name="finishReason">The last finish reason seen.</param>
    /// <returns>True when a finish reason was seen.</returns>
    public override bool CompleteWithoutMarker(ChatFinishReason? finishReason) => finishReason is not null;
}
