using System.Runtime.CompilerServices;
using System.Text;
using LlmClients.Http;
using LlmClients.OpenAI;
using LlmClients.Shared;
using LlmClients.Streaming;

namespace LlmClients.Zhipu;

/// <summary>Chat over Zhipu's <c>/chat/completions</c>, sync and streamed; the async-task and CogView clients are reachable through <see cref="GetService"/>.</summary>
internal sealed class ZhipuChatClient : IChatClient
{
    private readonly LlmHttpTransport _transport;
    private readonly OpenAICompatibleSettings _settings;

    public ZhipuChatClient(LlmHttpTransport transport, OpenAICompatibleSettings settings, ZhipuPollingOptions polling)
    {
        _transport = transport;
        _settings = settings;
        Metadata = new ChatClientMetadata(settings.ProviderName, settings.BaseUrl, settings.DefaultModel) { InstanceName = settings.InstanceName };
        AsyncTasks = new ZhipuAsyncChatClient(transport, settings, polling);
        Images = new ZhipuImageClient(transport, settings);
    }

    /// <inheritdoc />
    public ChatClientMetadata Metadata { get; }

    /// <summary>Gets the async-task client of this instance.</summary>
    public ZhipuAsyncChatClient AsyncTasks { get; }

    /// <summary>Gets the CogView client of this instance.</summary>
    public ZhipuImageClient Images { get; }

    /// <inheritdoc />
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var body = BuildBody(messages, options, stream: false);
        using var request = _settings.CreateRequest("chat/completions", body);
        var response = await _transport.SendAsync(request, OpenAIJsonContext.Default.OpenAIChatResponse, cancellationToken).ConfigureAwait(false);
        // Quirk: the body's request_id (which the caller may set) is the id Zhipu support asks for; it wins over any header.
        return OpenAIChatMapper.FromWire(response.Value, response.Value.RequestId ?? response.HeaderRequestId);
    }

    /// <inheritdoc />
    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        // Validate and serialize here, so bad input throws on the call rather than on the first MoveNextAsync.
        var body = BuildBody(messages, options, stream: true);
        return ChatStreamNormalizer.NormalizeAsync(StreamChunksAsync(body, cancellationToken), TextStreamMode.Incremental, cancellationToken);
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType) => serviceType switch
    {
        null => null,
        _ when serviceType == typeof(ChatClientMetadata) => Metadata,
        _ when serviceType == typeof(ZhipuAsyncChatClient) => AsyncTasks,
        _ when serviceType == typeof(ZhipuImageClient) => Images,
        _ => serviceType.IsInstanceOfType(this) ? this : null,
    };

    private byte[] BuildBody(IEnumerable<ChatMessage> messages, ChatOptions? options, bool stream)
    {
        var list = RequestValidation.Messages(messages);
        var model = RequestValidation.ChatModel(options, _settings.DefaultModel, _settings.InstanceName);
        return ZhipuChatMapper.BuildBody(list, options, model, stream);
    }

    private async IAsyncEnumerable<StreamChunk> StreamChunksAsync(byte[] body, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var request = _settings.CreateRequest("chat/completions", body);
        var sse = await _transport.OpenStreamAsync(request, cancellationToken).ConfigureAwait(false);
        await using (sse.ConfigureAwait(false))
        {
            await foreach (var item in sse.ReadEventsAsync(cancellationToken).ConfigureAwait(false))
            {
                if (item.Data is "[DONE]")
                {
                    yield break;
                }

                if (string.IsNullOrWhiteSpace(item.Data))
                {
                    continue; // A keep-alive or an event that maps to nothing never ends the stream.
                }

                var bytes = Encoding.UTF8.GetBytes(item.Data);
                var chunk = _transport.Deserialize(bytes, OpenAIJsonContext.Default.OpenAIChatResponse, sse.HeaderRequestId);
                if (chunk.Error is not null || item.EventType == "error")
                {
                    // Quirk: Zhipu (like its SDK's SSE client expects) reports failures inside a 200 stream as data: {"error":{"code":"1301",...}}.
                    var error = _transport.Errors.ParseError(200, bytes) ?? new VendorError(null, null);
                    throw _transport.Errors.CreateException(200, error with { RequestId = error.RequestId ?? chunk.RequestId ?? sse.HeaderRequestId });
                }

                // Quirk: Zhipu chunks omit finish_reason until the last one, which alone carries usage; the mapper reads absent as "unfinished".
                yield return OpenAIChatMapper.FromWireChunk(chunk, chunk.RequestId ?? sse.HeaderRequestId);
            }
        }
    }
}
