
namespace LlmClients.Spark;

/// <summary>
/// Chat over Spark's HTTP <c>chat/completions</c> (general models on <c>/v1</c>, X1 on <c>/v2</c>), sync and streamed, on
/// the OpenAI-compatible wire with Spark's envelope (<c>code</c>/<c>message</c>/<c>sid</c>) read around it.
/// </summary>
internal sealed class SparkChatClient(LlmHttpTransport transport, SparkSettings settings)
    : VendorChatClient(settings.Chat.Instance, settings.Chat.BaseUrl, settings.Chat.DefaultModel)
{
    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">No APIPassword is configured.</exception>
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var (body, model, settings) = BuildBody(messages, options, stream: false);
        using var request = settings.CreateRequest("chat/completions", body);
        var response = await transport.SendAsync(request, SparkJsonContext.Default.SparkChatResponse, cancellationToken).ConfigureAwait(false);
        return SparkChatMapper.FromWire(response.Value, model, response.HeaderRequestId);
    }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">No APIPassword is configured.</exception>
    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        // Validate and serialize here, so bad input throws on the call rather than on the first MoveNextAsync.
        var (body, model, settings) = BuildBody(messages, options, stream: true);
        return ChatStreamLoop.StreamAsync(transport, new SparkChatStreamDialect(transport, model), () => settings.CreateRequest("chat/completions", body), TextStreamMode.Incremental, cancellationToken);
    }

    private (byte[] Body, string Model, OpenAICompatible.OpenAICompatibleSettings Settings) BuildBody(IEnumerable<ChatMessage> messages, ChatOptions? options, bool stream)
    {
        var list = RequestValidation.Messages(messages);
        var model = RequestValidation.ChatModel(options, settings.Chat.DefaultModel, settings.Chat.InstanceName);
        if (!settings.HasChatCredentials)
        {
            var name = settings.Chat.InstanceName;
            throw new InvalidOperationException(
                $"Provider '{name}' has no chat credentials: Spark's HTTP chat takes the console's APIPassword as a bearer token. Set 'LlmProviders:{name}:ApiKey' (or SPARK_API_PASSWORD).");
        }

        var profile = settings.For(model);
        return (SparkChatMapper.BuildBody(list, options, model, stream, profile, this), model, profile);
    }
}
