
namespace LlmClients.DashScope;

/// <summary>
/// The native DashScope stream (<c>X-DashScope-SSE: enable</c>): <c>id:N</c>, <c>event:result</c>, <c>:HTTP_STATUS/200</c>,
/// <c>data:{json}</c>, sometimes without blank lines between events; no <c>[DONE]</c>: the event whose <c>finish_reason</c>
/// is not the string <c>"null"</c> is the last one, so a body that closes while the finish reason is still <c>"null"</c> is cut
/// short (nothing else tells the two apart). Errors arrive at HTTP 200 as <c>event:error</c>.
/// </summary>
internal sealed class DashScopeChatStreamDialect : ChatStreamDialect
{
    private readonly LlmHttpTransport _transport;
    private readonly string _model;

    /// <summary>Initializes the dialect of one call.</summary>
    /// <param name="transport">The transport, for parsing.</param>
    /// <param name="model">The requested model (native events do not name it).</param>
    public DashScopeChatStreamDialect(LlmHttpTransport transport, string model)
    {
        _transport = transport;
        _model = model;
    }

    /// <summary>Gets true: some DashScope streams omit the blank line between events and carry the status in a comment.</summary>
    public override bool RepairFraming => true;

    /// <summary>Gets true: every native event carries the <c>request_id</c> DashScope support asks for; the header is missing on some responses.</summary>
    public override bool PreferBodyRequestId => true;

    /// <inheritdoc />
    public override string EndMarker => "an event whose finish_reason is not \"null\"";

    /// <inheritdoc />
    public override StreamStep Map(SseEvent item, string? requestId)
    {
        if (item.EventType == "error")
        {
            // Quirk: stream errors arrive at HTTP 200 as event:error; the real status is in the comment ":HTTP_STATUS/400".
            var (status, error) = DashScopeErrorMapper.Instance.ParseStreamError(item);
            return StreamStep.Fail(status, error);
        }

        var chunk = _transport.Deserialize(item.Utf8Data.Span, DashScopeJsonContext.Default.DashScopeChatResponse, requestId);
        if (!string.IsNullOrEmpty(chunk.Code) && chunk.Output is null)
        {
            // A 200 answer that is a JSON error body instead of an event stream.
            var (status, error) = DashScopeErrorMapper.Instance.ParseStreamError(item);
            return StreamStep.Fail(status, error);
        }

        var mapped = DashScopeChatMapper.FromWireChunk(chunk, _model, null);

        // Quirk: there is no [DONE]; the event whose finish_reason is not "null" is the last one.
        return mapped.FinishReason is null ? StreamStep.Next(mapped) : StreamStep.End(mapped);
    }
}
