using System.Net.ServerSentEvents;

namespace LlmClients.Http;

/// <summary>
/// Builds the in-box <see cref="SseParser"/> over an SSE body: spec SSE, or, for a vendor whose framing needs it, behind
/// <see cref="SseFramingStream"/>, with the per-event size cap in front. Each event is handed to a mapper while its payload
/// still sits in the parser's buffer, so no event is copied; the caller enumerates the parser itself (no iterator of ours
/// between it and the events).
/// </summary>
internal static class SseEventReader
{
    /// <summary>The block in which a spec SSE body is read (one socket read per block when events arrive in bursts).</summary>
    private const int ReadAheadBytes = 4096;

    /// <summary>Creates the parser that maps each event of an SSE body. The vendor mapper decides what ends the stream.</summary>
    /// <typeparam name="T">What one event maps to.</typeparam>
    /// <param name="stream">The (already decompressed) body.</param>
    /// <param name="repairFraming">
    /// Whether to repair the framing first (<see cref="SseFramingStream"/>: missing blank lines, per-event comments). Without
    /// it the body is read as the spec says: <c>data:{"x":1}\nevent: error</c> is one <c>error</c> event.
    /// </param>
    /// <param name="map">Maps one event; the event's payload is valid only during the call.</param>
    /// <param name="maxEventBytes">The cap on one event's size (<see cref="SseEventSizeLimitStream"/>), or null for none.</param>
    /// <param name="providerName">The provider, for the exception when an event is too big.</param>
    /// <param name="body">
    /// The stream the parser reads (the repair and the cap in front of <paramref name="stream"/>); disposing it disposes
    /// <paramref name="stream"/> and returns the repair's pooled buffers.
    /// </param>
    /// <returns>The parser; enumerate it once.</returns>
    public static SseParser<T> Create<T>(Stream stream, bool repairFraming, Func<SseEvent, T> map, int? maxEventBytes, string providerName, out Stream body)
    {
        // The cap counts after the repair, which restores the blank lines that end DashScope's events. The parser reads
        // about 1 KB at a time: the cap stream reads the body in blocks (the repair already reads its own).
        int max = maxEventBytes ?? int.MaxValue;
        if (!repairFraming)
        {
            body = new SseEventSizeLimitStream(stream, max, providerName, ReadAheadBytes);
            return SseParser.Create(body, (type, data) => map(new SseEvent(type, data, null)));
        }

        var framed = new SseFramingStream(stream, maxEventBytes, providerName);
        body = new SseEventSizeLimitStream(framed, max, providerName);
        return SseParser.Create(body, (_, data) =>
        {
            // The repair took the event's type and comment out of the bytes the parser reads.
            var (comment, type) = framed.DequeueEvent();
            return map(new SseEvent(type, data, comment));
        });
    }
}
