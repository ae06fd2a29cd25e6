using System.Runtime.CompilerServices;
using System.Text;
using LlmClients.Http;
using LlmClients.Shared;
using LlmClients.Streaming;

namespace LlmClients.OpenAI;

/// <summary>Chat over <c>/chat/completions</c> of OpenAI or any OpenAI-compatible server.</summary>
internal sealed class OpenAIChatClient : IChatClient
{
    private readonly LlmHttpTransport _transport;
    private readonly ChatClientMetadata _metadata;
    private readonly LlmInstanceMetadata _instance;
    private readonly OpenAICompatibleSettings _settings;

    public OpenAIChatClient(LlmHttpTransport transport, OpenAICompatibleSettings settings)
    {
        _transport = transport;
        _settings = settings;
        _metadata = new ChatClientMetadata(settings.ProviderName, settings.BaseUrl, settings.DefaultModel);
        _instance = new LlmInstanceMetadata(settings.InstanceName, settings.ProviderName, settings.Vendor);
    }


    /// <inheritdoc />
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var body = BuildBody(messages, options, stream: false);
        using var request = _settings.CreateRequest("chat/completions", body);
        var response = await _transport.SendAsync(request, OpenAIJsonContext.Default.OpenAIChatResponse, cancellationToken).ConfigureAwait(false);
        return OpenAIChatMapper.FromWire(response.Value, response.HeaderRequestId);
    }

    /// <inheritdoc />
    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        // Validate and serialize here, so bad input throws on the call rather than on the first MoveNextAsync.
        var body = BuildBody(messages, options, stream: true);
        return ChatStreamNormalizer.NormalizeAsync(StreamChunksAsync(_transport, _settings, body, preferBodyRequestId: false, cancellationToken), TextStreamMode.Incremental, cancellationToken);
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
        => ClientServices.Get(this, serviceType, serviceKey, _metadata, _instance);

    /// <inheritdoc />
    public void Dispose()
    {
        // Nothing to release: HttpClients come from IHttpClientFactory per call.
    }

    private byte[] BuildBody(IEnumerable<ChatMessage> messages, ChatOptions? options, bool stream)
    {
        var list = RequestValidation.Messages(messages);
        var model = RequestValidation.ChatModel(options, _settings.DefaultModel, _settings.InstanceName);
        var wire = OpenAIChatMapper.ToWire(list, options, model, stream, _settings);
        return OpenAIChatMapper.Serialize(wire, options, this);
    }

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
    internal static async IAsyncEnumerable<StreamChunk> StreamChunksAsync(
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
