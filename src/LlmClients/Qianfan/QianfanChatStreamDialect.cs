
namespace LlmClients.Qianfan;

/// <summary>
/// The Qianfan v1 stream (<c>wenxinworkshop/chat/{endpoint}</c>): <c>data: {json}</c> events, no <c>[DONE]</c>; the event
/// with <c>is_end: true</c> is the last one. A failed request is answered at HTTP 200 with a plain JSON error body instead
/// of an event stream (or an error event), and a rejected access token (110/111) there is refreshed once.
/// </summary>
internal sealed class QianfanChatStreamDialect : ChatStreamDialect
{
    private readonly LlmHttpTransport _transport;
    private readonly QianfanSettings _settings;
    private readonly string _model;

    /// <summary>Initializes the dialect of one call.</summary>
    /// <param name="transport">The transport, for parsing and the error parser.</param>
    /// <param name="settings">The instance settings (token invalidation).</param>
    /// <param name="model">The requested model.</param>
    public QianfanChatStreamDialect(LlmHttpTransport transport, QianfanSettings settings, string model)
    {
        _transport = transport;
        _settings = settings;
        _model = model;
    }

    /// <inheritdoc />
    public override string EndMarker => "an event with is_end: true";

    /// <inheritdoc />
    public override StreamStep Map(SseEvent item, string? requestId)
    {
        // Quirk: a failed stream request is answered with plain JSON (application/json) instead of SSE, at HTTP 200;
        // SseResponse surfaces it as one event holding the whole body. Errors can also come as a data: event.
        var bytes = item.Utf8Data.Span;
        if (_transport.Errors.ParseError(200, bytes) is { } error)
        {
            return StreamStep.Fail(200, error);
        }

        var chunk = _transport.Deserialize(bytes, QianfanJsonContext.Default.QianfanChatResponse, requestId);
        var mapped = QianfanChatMapper.FromWireChunk(chunk, _model, null);

        // Quirk: no [DONE] terminator; the event with is_end:true is the last one.
        return chunk.IsEnd == true ? StreamStep.End(mapped) : StreamStep.Next(mapped);
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
        if (!QianfanErrorMapper.IsTokenRejected(error) || _settings.InvalidateToken is not { } invalidate
            || QianfanAuthHandler.ReadToken(request.RequestUri) is not { } token || QianfanAuthHandler.WasResent(request))
        {
            return false;
        }

        invalidate(token);
        return true;
    }
}
