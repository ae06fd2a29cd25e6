
namespace LlmClients.OpenAICompatible;

/// <summary>Chat over <c>/chat/completions</c> of OpenAI or any OpenAI-compatible server.</summary>
internal sealed class OpenAIChatClient(LlmHttpTransport transport, OpenAICompatibleSettings settings)
    : VendorChatClient(settings.Instance, settings.BaseUrl, settings.DefaultModel)
{
    private readonly OpenAIChatStreamDialect _stream = new(transport);

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var body = BuildBody(messages, options, stream: false);
        using var request = settings.CreateRequest("chat/completions", body);
        var response = await transport.SendAsync(request, OpenAIResponseReader.Read, cancellationToken).ConfigureAwait(false);
        var chat = OpenAIChatMapper.FromWire(response.Value, response.HeaderRequestId);
        return FinishReasons.Failed(chat.FinishReason, settings.ProviderName, response.HeaderRequestId ?? response.Value.RequestId) is { } failed ? throw failed : chat;
    }

    /// <inheritdoc />
    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        // Validate and serialize here, so bad input throws on the call rather than on the first MoveNextAsync.
        var body = BuildBody(messages, options, stream: true);
        return ChatStreamLoop.StreamAsync(transport, _stream, () => settings.CreateRequest("chat/completions", body), TextStreamMode.Incremental, cancellationToken);
    }

    /// <summary>Validates the conversation and writes the request body (also each line of a batch file).</summary>
    /// <param name="messages">The conversation.</param>
    /// <param name="options">The options.</param>
    /// <param name="stream">Whether the body asks for a stream.</param>
    /// <returns>The UTF-8 body.</returns>
    internal byte[] BuildBody(IEnumerable<ChatMessage> messages, ChatOptions? options, bool stream)
    {
        var list = RequestValidation.Messages(messages);
        var model = RequestValidation.ChatModel(options, settings.DefaultModel, settings.InstanceName);
        var wire = OpenAIChatMapper.ToWire(list, options, model, stream, settings);
        return OpenAIChatMapper.Serialize(wire, options, this);
    }
}
