
namespace LlmClients.Streaming;

/// <summary>
/// What one vendor's stream needs from <see cref="ChatStreamLoop"/>: how to map an event, which request id wins, what
/// marks the end, and whether the vendor's framing needs repair. A dialect holds no per-stream state: what a stream
/// remembers (strings that repeat across chunks, the usage object) lives in the stream's reused <see cref="StreamChunk"/>.
/// </summary>
internal abstract class ChatStreamDialect
{
    /// <summary>
    /// Gets whether the stream needs <see cref="SseFramingStream"/> (events without blank-line separators, status comments);
    /// false reads spec SSE, where <c>data:{..}\nevent: error</c> is one <c>error</c> event. The default is false.
    /// </summary>
    public virtual bool RepairFraming => false;

    /// <summary>Gets whether a request id in the event body wins over the response header's. The default is false (the header wins).</summary>
    public virtual bool PreferBodyRequestId => false;

    /// <summary>Gets the name of the end marker, for the message when a stream ends without it (for example <c>data: [DONE]</c>).</summary>
    public abstract string EndMarker { get; }

    /// <summary>
    /// Gets the payload of the event that ends the stream (OpenAI-style <c>[DONE]</c>, compared as ASCII before
    /// <see cref="Map"/> is called), or null when no payload does (the mapper decides, from the event's content). The
    /// default is null.
    /// </summary>
    public virtual string? EndData => null;

    /// <summary>
    /// Maps one event whose payload is not blank (keep-alives never reach the mapper), parsing it straight from the parser's
    /// buffer into <paramref name="chunk"/>.
    /// </summary>
    /// <param name="item">The event; its payload is valid only during the call.</param>
    /// <param name="chunk">The stream's chunk, reset, to fill and pass on (with <see cref="StreamStep.Next"/> or <see cref="StreamStep.End"/>).</param>
    /// <param name="requestId">The request id known so far, for an exception the mapper throws itself (a malformed event).</param>
    /// <returns>The step. A chunk's <see cref="StreamChunk.RequestId"/> is the body's id only; the loop applies the request id rule.</returns>
    /// <exception cref="LlmRequestException">The event is not the JSON the vendor sends (<see cref="LlmErrorKind.InvalidResponse"/>).</exception>
    public abstract StreamStep Map(SseEvent item, StreamChunk chunk, string? requestId);

    /// <summary>
    /// Says whether a body that closed cleanly without <see cref="EndMarker"/> still holds the whole answer.
    /// The default is false: a stream without its end marker is cut short.
    /// </summary>
    /// <param name="finishReason">The last finish reason the stream reported, or null when it reported none.</param>
    /// <returns>True to end the stream normally.</returns>
    public virtual bool CompleteWithoutMarker(ChatFinishReason? finishReason) => false;

    /// <summary>
    /// Offered an error that arrived before any chunk reached the caller, once per call: returns true when opening the
    /// stream again may fix it (a rejected access token, after invalidating it). The default is false.
    /// </summary>
    /// <param name="request">The request that got the error.</param>
    /// <param name="error">The error.</param>
    /// <returns>True to send the request once more.</returns>
    public virtual bool TryReopen(HttpRequestMessage request, VendorError error) => false;
}
