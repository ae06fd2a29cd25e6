
namespace LlmClients.DashScope;

/// <summary>Chat over the native DashScope text-generation API (<c>services/aigc/text-generation/generation</c>).</summary>
internal sealed partial class DashScopeChatClient(LlmHttpTransport transport, DashScopeSettings settings, IDashScopeFileClient? files = null)
    : VendorChatClient(settings.Instance, settings.NativeBaseUrl, settings.DefaultModel)
{
    /// <summary>The text-generation path under the native base.</summary>
    public const string GenerationPath = "services/aigc/text-generation/generation";

    /// <summary>The native path of vision, audio and omni models (qwen-vl-*, qvq-*, qwen-audio-*): contents are lists.</summary>
    public const string MultimodalGenerationPath = "services/aigc/multimodal-generation/generation";

    private readonly LlmHttpTransport _transport = transport;
    private readonly DashScopeSettings _settings = settings;
    private readonly IDashScopeFileClient? _files = files;
    private readonly OpenAICompatible.OpenAICompatibleSettings _profile = settings.NativeProfile();

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var (body, model, _, path) = BuildBody(messages, options, stream: false);
        using var request = _settings.CreateNativeRequest(path, body, stream: false);
        var response = await _transport.SendAsync(request, DashScopeJsonContext.Default.DashScopeChatResponse, cancellationToken).ConfigureAwait(false);
        return DashScopeChatMapper.FromWire(response.Value, model, response.HeaderRequestId);
    }

    /// <inheritdoc />
    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        // Validate and serialize here, so bad input throws on the call rather than on the first MoveNextAsync.
        var (body, model, mode, path) = BuildBody(messages, options, stream: true);
        return ChatStreamLoop.StreamAsync(_transport, new DashScopeChatStreamDialect(_transport, model), () => _settings.CreateNativeRequest(path, body, stream: true), mode, cancellationToken);
    }

    /// <inheritdoc />
    public override object? GetService(Type serviceType, object? serviceKey = null)
        => ClientServices.Get(this, serviceType, serviceKey, _files) ?? base.GetService(serviceType, serviceKey);

    private (byte[] Body, string Model, TextStreamMode Mode, string Path) BuildBody(IEnumerable<ChatMessage> messages, ChatOptions? options, bool stream)
    {
        var list = RequestValidation.Messages(messages);
        var model = RequestValidation.ChatModel(options, _settings.DefaultModel, _settings.InstanceName);
        DashScopeDocumentUrls.Check(list, model);
        list = DashScopeFileReferences.Apply(list, model);
        bool multimodal = DashScopeChatMapper.IsMultimodal(list, model);
        var (wire, mode) = DashScopeChatMapper.ToWire(list, options, model, stream, _profile, multimodal);
        return (DashScopeChatMapper.Serialize(wire, options, this), model, mode, multimodal ? MultimodalGenerationPath : GenerationPath);
    }
}
