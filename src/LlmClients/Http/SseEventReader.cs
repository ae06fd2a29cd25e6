using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;

namespace LlmClients.Http;

/// <summary>
/// Reads server-sent events through the in-box <see cref="SseParser"/>: spec SSE, or, for a vendor whose framing needs it,
/// behind <see cref="SseFramingStream"/>.
/// </summary>
internal static class SseEventReader
{
    /// <summary>Enumerates the events of an SSE body. The vendor mapper decides what ends the stream.</summary>
    /// <param name="stream">The (already decompressed) body.</param>
    /// <param name="repairFraming">
    /// Whether to repair the framing first (<see cref="SseFramingStream"/>: missing blank lines, per-event comments). Without
    /// it the body is read as the spec says: <c>data:{"x":1}\nevent: error</c> is one <c>error</c> event.
    /// </param>
    /// <param name="maxEventBytes">The cap on one event's size (<see cref="SseEventSizeLimitStream"/>), or null for none.</param>
    /// <param name="providerName">The provider, for the exception when an event is too big.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The events.</returns>
    public static async IAsyncEnumerable<SseEvent> ReadAsync(Stream stream, bool repairFraming, int? maxEventBytes = null, string providerName = "", [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (!repairFraming)
        {
            var spec = SseParser.Create(Limit(stream, maxEventBytes, providerName), static (_, data) => data.ToArray());
            await foreach (var item in spec.EnumerateAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return new SseEvent(item.EventType, (ReadOnlyMemory<byte>)item.Data, null);
            }

            yield break;
        }

        // The cap counts after the repair, which restores the blank lines that end DashScope's events.
        var framed = new SseFramingStream(stream, maxEventBytes, providerName);
        var parser = SseParser.Create(Limit(framed, maxEventBytes, providerName), static (_, data) => data.ToArray());
        await foreach (var item in parser.EnumerateAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return new SseEvent(item.EventType, (ReadOnlyMemory<byte>)item.Data, framed.DequeueEventComment());
        }
    }

    private static Stream Limit(Stream stream, int? maxEventBytes, string providerName)
        => maxEventBytes is int max ? new SseEventSizeLimitStream(stream, max, providerName) : stream;
}
