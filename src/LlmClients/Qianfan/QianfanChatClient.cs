using System.Runtime.CompilerServices;
using System.Text;
using LlmClients.Http;
using LlmClients.Shared;
using LlmClients.Streaming;

namespace LlmClients.Qianfan;

/// <summary>Chat over Qianfan v1 <c>.../wenxinworkshop/chat/{endpoint}</c> (wire-formats.md §3.2-3.5).</summary>
internal sealed class QianfanChatClient(LlmHttpTransport transport, QianfanSettings settings)
    : VendorChatClient(settings.Instance, settings.BaseUrl, settings.DefaultModel)
{
    private readonly LlmHttpTransport _transport = transport;
    private readonly QianfanSettings _settings = settings;

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var (path, model, body) = Prepare(messages, options, stream: false);
        using var request = _settings.CreateRequest(path, body);
        var response = await _transport.SendAsync(request, QianfanJsonContext.Default.QianfanChatResponse, cancellationToken).ConfigureAwait(false);
        return QianfanChatMapper.FromWire(response.Value, model, response.HeaderRequestId);
    }

    /// <inheritdoc />
    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        // Validate and serialize here, so bad input throws on the call rather than on the first MoveNextAsync.
        var (path, model, body) = Prepare(messages, options, stream: true);
        return ChatStreamNormalizer.NormalizeAsync(StreamChunksAsync(path, model, body, cancellationToken), TextStreamMode.Incremental, cancellationToken);
    }

    private (string Path, string Model, byte[] Body) Prepare(IEnumerable<ChatMessage> messages, ChatOptions? options, bool stream)
    {
        var list = RequestValidation.Messages(messages);
        var model = RequestValidation.ChatModel(options, _settings.DefaultModel, _settings.InstanceName);
        var endpoint = QianfanModels.ChatEndpoint(model, _settings.CustomEndpoints, _settings.InstanceName);
        var wire = QianfanChatMapper.ToWire(list, options, stream);
        return ("chat/" + endpoint, model, QianfanChatMapper.Serialize(wire, options, this));
    }

    private async IAsyncEnumerable<StreamChunk> StreamChunksAsync(string path, string model, byte[] body, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        bool resent = false;
        while (true)
        {
            using var request = _settings.CreateRequest(path, body);
            var sse = await _transport.OpenStreamAsync(request, cancellationToken).ConfigureAwait(false);
            await using (sse.ConfigureAwait(false))
            {
                bool yielded = false;
                bool refresh = false;
                await foreach (var item in sse.ReadEventsAsync(cancellationToken).ConfigureAwait(false))
                {
                    if (item.IsBlank)
                    {
                        continue; // A keep-alive or an event that maps to nothing never ends the stream.
                    }

                    // Quirk: a failed stream request is answered with plain JSON (application/json) instead of SSE, at HTTP 200;
                    // SseResponse surfaces it as one event holding the whole body. Errors can also come as a data: event.
                    var bytes = item.Utf8Data.Span;
                    if (_transport.Errors.ParseError(200, bytes) is { } error)
                    {
                        if (!yielded && !resent && CanRefresh(request, error))
                        {
                            refresh = true;
                            break;
                        }

                        throw _transport.Errors.CreateException(200, error with { RequestId = error.RequestId ?? sse.HeaderRequestId });
                    }

                    var chunk = _transport.Deserialize(bytes, QianfanJsonContext.Default.QianfanChatResponse, sse.HeaderRequestId);
                    yielded = true;
                    yield return QianfanChatMapper.FromWireChunk(chunk, model, sse.HeaderRequestId);

                    // Quirk: no [DONE] terminator; the event with is_end:true is the last one.
                    if (chunk.IsEnd == true)
                    {
                        yield break;
                    }
                }

                if (!refresh)
                {
                    throw new LlmRequestException(
                        QianfanErrorHandler.Provider, LlmErrorKind.InvalidResponse, 200, null, "the stream ended before its is_end event; the answer is incomplete", sse.HeaderRequestId, isTransient: true);
                }
            }

            // Quirk: 110/111 can also arrive as the first event of an event stream, which the auth handler never reads.
            // Nothing has reached the caller yet, so drop the token and open the stream once more (never after an event).
            _settings.InvalidateToken!(QianfanAuthHandler.ReadToken(request.RequestUri)!);
            resent = true;
        }
    }

    // The one refresh-and-resend per call: not when the auth handler already spent it on a plain-JSON 110/111.
    private bool CanRefresh(HttpRequestMessage request, VendorError error)
        => QianfanErrorHandler.IsTokenRejected(error)
           && _settings.InvalidateToken is not null
           && QianfanAuthHandler.ReadToken(request.RequestUri) is not null
           && !QianfanAuthHandler.WasResent(request);
}
