
namespace LlmClients.Qianfan;

/// <summary>Chat over Qianfan v1 <c>.../wenxinworkshop/chat/{endpoint}</c> (streams end with the <c>is_end: true</c> event).</summary>
internal sealed class QianfanChatClient(LlmHttpTransport transport, QianfanSettings settings)
    : VendorChatClient(settings.Instance, settings.BaseUrl, settings.DefaultModel)
{
    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var (path, model, body) = Prepare(messages, options, stream: false);
        using var request = settings.CreateRequest(path, body);
        var response = await transport.SendAsync(request, QianfanJsonContext.Default.QianfanChatResponse, cancellationToken).ConfigureAwait(false);
        return QianfanChatMapper.FromWire(response.Value, model, response.HeaderRequestId);
    }

    /// <inheritdoc />
    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        // Validate and serialize here, so bad input throws on the call rather than on the first MoveNextAsync.
        var (path, model, body) = Prepare(messages, options, stream: true);
        return ChatStreamLoop.StreamAsync(transport, new QianfanChatStreamDialect(transport, settings, model), () => settings.CreateRequest(path, body), TextStreamMode.Incremental, cancellationToken);
    }

    private (string Path, string Model, byte[] Body) Prepare(IEnumerable<ChatMessage> messages, ChatOptions? options, bool stream)
    {
        var list = RequestValidation.Messages(messages);
        var model = RequestValidation.ChatModel(options, settings.DefaultModel, settings.InstanceName);
        var endpoint = QianfanModels.ChatEndpoint(model, settings.CustomEndpoints, settings.InstanceName);
        var wire = QianfanChatMapper.ToWire(list, options, stream);
        return ("chat/" + endpoint, model, QianfanChatMapper.Serialize(wire, options, this));
    }
}
