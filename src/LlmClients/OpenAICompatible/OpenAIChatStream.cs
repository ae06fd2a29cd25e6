using System.Runtime.CompilerServices;
using LlmClients.Http;
using LlmClients.Streaming;

namespace LlmClients.OpenAICompatible;

/// <summary>Reads the <c>chat/completions</c> SSE stream of an OpenAI-compatible server into neutral chunks.</summary>
internal static class OpenAIChatStream
{
    /// <summary>
    /// Reads an OpenAI-shaped chat stream (also used by vendors whose streams share the shape): stops at <c>[DONE]</c>,
    /// skips events that map to nothing, and raises in-stream error frames as typed exceptions.
    /// </summary>
    /// <param name="transport">The transport.</param>
    /// <param name="settings">The instance settings.</param>
    /// <param name="body">The serialized request.</param>
    /// <param name="preferBodyRequestId">Whether the body's <c>request_id</c> wins over the response header (Zhipu).</param>
    /// <param name="cancellationToken">Cancels the stream.</param>
    /// <returns>The chunks for the normalizer.</returns>
    public static async IAsyncEnumerable<StreamChunk> ReadChunksAsync(
        LlmHttpTransport transport,
        OpenAICompatibleSettings settings,
        byte[] body,
        bool preferBodyRequestId,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var request = settings.CreateRequest("chat/completions", body);
        var sse = await transport.OpenStreamAsync(request, cancellationToken).ConfigureAwait(false);
        await using (sse.ConfigureAwait(false))
        {
            await foreach (var item in sse.ReadEventsAsync(cancellationToken).ConfigureAwait(false))
            {
                if (item.DataEquals("[DONE]"u8))
                {
                    yield break;
                }

                if (item.IsBlank)
                {
                    continue; // A keep-alive or an event that maps to nothing never ends the stream.
                }

                var bytes = item.Utf8Data.Span;
                var chunk = transport.Deserialize(bytes, OpenAIJsonContext.Default.OpenAIChatResponse, sse.HeaderRequestId);
                var requestId = preferBodyRequestId ? chunk.RequestId ?? sse.HeaderRequestId : sse.HeaderRequestId ?? chunk.RequestId;
                if (chunk.Error is not null || item.EventType == "error")
                {
                    // Quirk: errors inside a 200 stream arrive as data: {"error":{...}} (or event: error with a flat body).
                    var error = transport.Errors.ParseError(200, bytes) ?? new VendorError(null, null);
                    throw transport.Errors.CreateException(200, error with { RequestId = error.RequestId ?? requestId });
                }

                yield return OpenAIChatMapper.FromWireChunk(chunk, requestId);
            }
        }
    }
}
