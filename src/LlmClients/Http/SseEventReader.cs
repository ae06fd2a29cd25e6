using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;

namespace LlmClients.Http;

/// <summary>
/// Reads server-sent events through the in-box <see cref="SseParser"/>: spec SSE, or, for a vendor whose framing needs it,
/// behind <see cref="SseFramingStream"/>. Each event is handed to a mapper while its payload still sits in the parser's
/// buffer, so no event is copied.
/// </summary>
internal static class SseEventReader
{
    /// <summary>Enumerates what <paramref name="map"/> makes of each event of an SSE body. The vendor mapper decides what ends the stream.</summary>
    /// <typeparam name="T">What one event maps to.</typeparam>
    /// <param name="stream">The (already decompressed) body.</param>
    /// <param name="repairFraming">
    /// Whether to repair the framing first (<see cref="SseFramingStream"/>: missing blank lines, per-event comments). Without
    /// it the body is read as the spec says: <c>data:{"x":1}\nevent: error</c> is one <c>error</c> event.
    /// </param>
    /// <param name="map">Maps one event; the event's payload is valid only during the call.</param>
    /// <param name="maxEventBytes">The cap on one event's size (<see cref="SseEventSizeLimitStream"/>), or null for none.</param>
    /// <param name="providerName">The provider, for the exception when an event is too big.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The mapped events.</returns>
    public static async IAsyncEnumerable<T> ReadAsync<T>(Stream stream, bool repairFraming, Func<SseEvent, T> map, int? maxEventBytes = null, string providerName = "", [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // The cap counts after the repair, which restores the blank lines that end DashScope's events.
        var framed = repairFraming ? new SseFramingStream(stream, maxEventBytes, providerName) : null;
        await using var scope = (framed ?? Stream.Null).ConfigureAwait(false);
        var parser = framed is null
            ? SseParser.Create(Limit(stream, maxEventBytes, providerName), (type, data) => map(new SseEvent(type, data, null)))
            : SseParser.Create(Limit(framed, maxEventBytes, providerName), (type, data) => map(new SseEvent(type, data, framed.DequeueEventComment())));
        await foreach (var item in parser.EnumerateAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return item.Data;
        }
    }

    private static Stream Limit(Stream stream, int? maxEventBytes, string providerName)
        => maxEventBytes is int max ? new SseEventSizeLimitStream(stream, max, providerName) : stream;
}
