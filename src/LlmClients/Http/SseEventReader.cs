using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;

namespace LlmClients.Http;

/// <summary>Reads server-sent events through the in-box <see cref="SseParser"/>, behind <see cref="SseFramingStream"/>.</summary>
internal static class SseEventReader
{
    /// <summary>Enumerates the events of an SSE body. The vendor mapper decides what ends the stream.</summary>
    /// <param name="stream">The (already decompressed) body.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The events.</returns>
    public static async IAsyncEnumerable<SseEvent> ReadAsync(Stream stream, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var framed = new SseFramingStream(stream);
        var parser = SseParser.Create(framed, static (_, data) => data.ToArray());
        await foreach (var item in parser.EnumerateAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return new SseEvent(item.EventType, (ReadOnlyMemory<byte>)item.Data, framed.DequeueEventComment());
        }
    }
}
