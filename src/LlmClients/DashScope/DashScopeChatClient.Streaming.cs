using System.Runtime.CompilerServices;
using System.Text;
using LlmClients.Streaming;

namespace LlmClients.DashScope;

/// <summary>Native DashScope SSE.</summary>
internal sealed partial class DashScopeChatClient
{
    private async IAsyncEnumerable<StreamChunk> StreamChunksAsync(string path, byte[] body, string model, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var request = _settings.CreateNativeRequest(path, body, stream: true);
        var sse = await _transport.OpenStreamAsync(request, cancellationToken).ConfigureAwait(false);
        await using (sse.ConfigureAwait(false))
        {
            await foreach (var item in sse.ReadEventsAsync(cancellationToken).ConfigureAwait(false))
            {
                if (item.EventType == "error")
                {
                    // Quirk: stream errors arrive at HTTP 200 as event:error; the real status is in the comment ":HTTP_STATUS/400".
                    throw DashScopeErrorHandler.Instance.StreamError(item, sse.HeaderRequestId);
                }

                if (item.IsBlank)
                {
                    continue; // An event that maps to nothing never ends the stream.
                }

                var chunk = _transport.Deserialize(item.Utf8Data.Span, DashScopeJsonContext.Default.DashScopeChatResponse, sse.HeaderRequestId);
                if (!string.IsNullOrEmpty(chunk.Code) && chunk.Output is null)
                {
                    // A 200 answer that is a JSON error body instead of an event stream.
                    throw DashScopeErrorHandler.Instance.StreamError(item, sse.HeaderRequestId);
                }

                var mapped = DashScopeChatMapper.FromWireChunk(chunk, model, sse.HeaderRequestId);
                yield return mapped;
                if (mapped.FinishReason is not null)
                {
                    // Quirk: there is no [DONE]; the event whose finish_reason is not "null" is the last one.
                    yield break;
                }
            }
        }
    }
}
