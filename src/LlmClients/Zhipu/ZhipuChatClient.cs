using System.Runtime.CompilerServices;
using System.Text;

namespace LlmClients.Zhipu;

/// <summary>Chat over Zhipu's <c>/chat/completions</c>, sync and streamed; the async-task and CogView clients are reachable through <see cref="GetService"/>.</summary>
internal sealed class ZhipuChatClient(LlmHttpTransport transport, OpenAICompatibleSettings settings, ZhipuPollingOptions polling, Microsoft.Extensions.Logging.ILogger? logger = null)
    : VendorChatClient(settings.Instance, settings.BaseUrl, settings.DefaultModel)
{

    // Quirk: the body's request_id (which the caller may set) is the id Zhipu support asks for; it wins over any header.
    private readonly OpenAIChatStreamDialect _stream = new(transport, preferBodyRequestId: true);

    /// <summary>Gets the async-task client of this instance.</summary>
    public IZhipuAsyncChatClient AsyncTasks { get; } = new ZhipuAsyncChatClient(transport, settings, polling, logger);

    /// <summary>Gets the CogView client of this instance.</summary>
    public IZhipuImageClient Images { get; } = new ZhipuImageClient(transport, settings);

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var body = BuildBody(messages, options, stream: false);
        using var request = settings.CreateRequest("chat/completions", body);
        var response = await transport.SendAsync(request, OpenAIResponseReader.Read, cancellationToken).ConfigureAwait(false);
        // Quirk: the body's request_id (which the caller may set) is the id Zhipu support asks for; it wins over any header.
        var requestId = response.Value.RequestId ?? response.HeaderRequestId;
        var chat = OpenAIChatMapper.FromWire(response.Value, requestId);

        // Quirk: a failed inference can come back as finish_reason "network_error" at HTTP 200.
        return FinishReasons.Failed(chat.FinishReason, settings.ProviderName, requestId) is { } failed ? throw failed : chat;
    }

    /// <inheritdoc />
    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        // Validate and serialize here, so bad input throws on the call rather than on the first MoveNextAsync.
        var body = BuildBody(messages, options, stream: true);
        // Quirk: Zhipu chunks omit finish_reason until the last one, which alone carries usage; the mapper reads absent as "unfinished".
        // Its SDK's SSE client expects failures inside a 200 stream as data: {"error":{"code":"1301",...}}, which the shared reader raises.
        return ChatStreamLoop.StreamAsync(transport, _stream, () => settings.CreateRequest("chat/completions", body), TextStreamMode.Incremental, cancellationToken);
    }

    /// <inheritdoc />
    public override object? GetService(Type serviceType, object? serviceKey = null)
        => ClientServices.Get(this, serviceType, serviceKey, AsyncTasks, Images) ?? base.GetService(serviceType, serviceKey);

    /// <summary>Validates the conversation and writes the request body (also each line of a batch file).</summary>
    /// <param name="messages">The conversation.</param>
    /// <param name="options">The options.</param>
    /// <param name="stream">Whether the body asks for a stream.</param>
    /// <returns>The UTF-8 body.</returns>
    internal byte[] BuildBody(IEnumerable<ChatMessage> messages, ChatOptions? options, bool stream)
    {
        var list = RequestValidation.Messages(messages);
        var model = RequestValidation.ChatModel(options, settings.DefaultModel, settings.InstanceName);
        return ZhipuChatMapper.BuildBody(list, options, model, stream, settings, this);
    }
}
