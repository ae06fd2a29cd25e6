using LlmClients.Http;
using LlmClients.Shared;
using LlmClients.Streaming;

namespace LlmClients.OpenAICompatible;

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
        return ChatStreamNormalizer.NormalizeAsync(OpenAIChatStream.ReadChunksAsync(_transport, _settings, body, preferBodyRequestId: false, cancellationToken), TextStreamMode.Incremental, cancellationToken);
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
}
