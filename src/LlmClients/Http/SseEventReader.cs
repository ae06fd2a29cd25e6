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
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The events.</returns>
    public static async IAsyncEnumerable<SseEvent> ReadAsync(Stream stream, bool repairFraming, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (!repairFraming)
        {
            var spec = SseParser.Create(stream, static (_, data) => data.ToArray());
            await foreach (var item in spec.EnumerateAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return new SseEvent(item.EventType, (ReadOnlyMemory<byte>)item.Data, null);
            }

            yield break;
        }

        var framed = new SseFramingStream(stream);
        var parser = SseParser.Create(framed, static (_, data) => data.ToArray());
        await foreach (var item in parser.EnumerateAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return new SseEvent(item.EventType, (ReadOnlyMemory<byte>)item.Data, framed.DequeueEventComment());
        }
    }
}
