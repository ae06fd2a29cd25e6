
namespace LlmClients.DashScope;

/// <summary>
/// Chat over DashScope's OpenAI-compatible mode: the OpenAI-compatible adapter, with DashScope's file references
/// (<see cref="HostedFileContent"/> to the qwen-long <c>fileid://</c> system message) applied first.
/// </summary>
internal sealed class DashScopeCompatibleChatClient : IChatClient
{
    private readonly OpenAIChatClient _inner;
    private readonly DashScopeSettings _settings;
    private readonly IDashScopeFileClient? _files;

    public DashScopeCompatibleChatClient(OpenAIChatClient inner, DashScopeSettings settings, IDashScopeFileClient? files = null)
    {
        _inner = inner;
        _settings = settings;
        _files = files;
    }

    /// <inheritdoc />
    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        => _inner.GetResponseAsync(Prepare(messages, options), options, cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        => _inner.GetStreamingResponseAsync(Prepare(messages, options), options, cancellationToken);

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
        => ClientServices.Get(this, serviceType, serviceKey, _files) ?? _inner.GetService(serviceType, serviceKey);

    /// <inheritdoc />
    public void Dispose() => _inner.Dispose();

    /// <summary>Writes the non-streaming request body after DashScope's checks and file references (each line of a batch file).</summary>
    /// <param name="messages">The conversation.</param>
    /// <param name="options">The options.</param>
    /// <returns>The UTF-8 body.</returns>
    internal byte[] BuildBody(IEnumerable<ChatMessage> messages, ChatOptions? options) => _inner.BuildBody(Prepare(messages, options), options, stream: false);

    private IReadOnlyList<ChatMessage> Prepare(IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        var list = RequestValidation.Messages(messages);
        var model = RequestValidation.ChatModel(options, _settings.DefaultModel, _settings.InstanceName);
        DashScopeDocumentUrls.Check(list, model);
        return DashScopeFileReferences.Apply(list, model);
    }
}
