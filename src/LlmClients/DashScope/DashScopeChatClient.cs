using LlmClients.Http;
using LlmClients.Shared;
using LlmClients.Streaming;

namespace LlmClients.DashScope;

/// <summary>Chat over the native DashScope text-generation API (<c>services/aigc/text-generation/generation</c>).</summary>
internal sealed partial class DashScopeChatClient : IChatClient
{
    /// <summary>The text-generation path under the native base.</summary>
    public const string GenerationPath = "services/aigc/text-generation/generation";

    private readonly LlmHttpTransport _transport;
    private readonly DashScopeSettings _settings;
    private readonly IDashScopeFileClient? _files;

    public DashScopeChatClient(LlmHttpTransport transport, DashScopeSettings settings, IDashScopeFileClient? files = null)
    {
        _transport = transport;
        _settings = settings;
        _files = files;
        Metadata = new ChatClientMetadata(DashScopeSettings.ProviderName, settings.NativeBaseUrl, settings.DefaultModel) { InstanceName = settings.InstanceName };
    }

    /// <inheritdoc />
    public ChatClientMetadata Metadata { get; }

    /// <inheritdoc />
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var (body, model, _) = BuildBody(messages, options, stream: false);
        using var request = _settings.CreateNativeRequest(GenerationPath, body, stream: false);
        var response = await _transport.SendAsync(request, DashScopeJsonContext.Default.DashScopeChatResponse, cancellationToken).ConfigureAwait(false);
        return DashScopeChatMapper.FromWire(response.Value, model, response.HeaderRequestId);
    }

    /// <inheritdoc />
    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        // Validate and serialize here, so bad input throws on the call rather than on the first MoveNextAsync.
        var (body, model, mode) = BuildBody(messages, options, stream: true);
        return ChatStreamNormalizer.NormalizeAsync(StreamChunksAsync(body, model, cancellationToken), mode, cancellationToken);
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType)
        => serviceType == typeof(ChatClientMetadata) ? Metadata
            : serviceType == typeof(IDashScopeFileClient) ? _files
            : serviceType?.IsInstanceOfType(this) == true ? this : null;

    private (byte[] Body, string Model, TextStreamMode Mode) BuildBody(IEnumerable<ChatMessage> messages, ChatOptions? options, bool stream)
    {
        var list = RequestValidation.Messages(messages);
        var model = RequestValidation.ChatModel(options, _settings.DefaultModel, _settings.InstanceName);
        list = DashScopeFileReferences.Apply(list, model);
        var (wire, mode) = DashScopeChatMapper.ToWire(list, options, model, stream);
        return (DashScopeChatMapper.Serialize(wire, options), model, mode);
    }
}
