using System.Runtime.CompilerServices;
using LlmClients.Http;
using LlmClients.Shared;
using LlmClients.Streaming;

namespace LlmClients.Spark;

/// <summary>
/// Chat over Spark's HTTP <c>chat/completions</c> (general models on <c>/v1</c>, X1 on <c>/v2</c>), sync and streamed, on
/// the OpenAI-compatible wire with Spark's envelope (<c>code</c>/<c>message</c>/<c>sid</c>) read around it.
/// </summary>
internal sealed class SparkChatClient(LlmHttpTransport transport, SparkSettings settings)
    : VendorChatClient(settings.Chat.Instance, settings.Chat.BaseUrl, settings.Chat.DefaultModel)
{
    private readonly LlmHttpTransport _transport = transport;
    private readonly SparkSettings _settings = settings;

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">No APIPassword is configured.</exception>
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var (body, model, settings) = BuildBody(messages, options, stream: false);
        using var request = settings.CreateRequest("chat/completions", body);
        var response = await _transport.SendAsync(request, SparkJsonContext.Default.SparkChatResponse, cancellationToken).ConfigureAwait(false);
        return SparkChatMapper.FromWire(response.Value, model, response.HeaderRequestId);
    }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">No APIPassword is configured.</exception>
    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        // Validate and serialize here, so bad input throws on the call rather than on the first MoveNextAsync.
        var (body, model, settings) = BuildBody(messages, options, stream: true);
        return ChatStreamNormalizer.NormalizeAsync(ReadChunksAsync(settings, body, model, cancellationToken), TextStreamMode.Incremental, cancellationToken);
    }

    private (byte[] Body, string Model, OpenAICompatible.OpenAICompatibleSettings Settings) BuildBody(IEnumerable<ChatMessage> messages, ChatOptions? options, bool stream)
    {
        var list = RequestValidation.Messages(messages);
        var model = RequestValidation.ChatModel(options, _settings.Chat.DefaultModel, _settings.Chat.InstanceName);
        if (!_settings.HasChatCredentials)
        {
            var name = _settings.Chat.InstanceName;
            throw new InvalidOperationException(
                $"Provider '{name}' has no chat credentials: Spark's HTTP chat takes the console's APIPassword as a bearer token. Set 'LlmProviders:{name}:ApiKey' (or SPARK_API_PASSWORD).");
        }

        var settings = _settings.For(model);
        return (SparkChatMapper.BuildBody(list, options, model, stream, settings, this), model, settings);
    }

    private async IAsyncEnumerable<StreamChunk> ReadChunksAsync(OpenAICompatible.OpenAICompatibleSettings settings, byte[] body, string model, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var request = settings.CreateRequest("chat/completions", body);
        var sse = await _transport.OpenStreamAsync(request, cancellationToken).ConfigureAwait(false);
        await using (sse.ConfigureAwait(false))
        {
            string? sid = sse.HeaderRequestId;
            await foreach (var item in sse.ReadEventsAsync(cancellationToken).ConfigureAwait(false))
            {
                // Quirk: Spark frames events as data:{...} and ends with data:[DONE], without the space (SseParser takes both).
                if (item.DataEquals("[DONE]"u8))
                {
                    yield break;
                }

                if (item.IsBlank)
                {
                    continue; // X1's keep_alive sends blank lines; an event that maps to nothing never ends the stream.
                }

                var bytes = item.Utf8Data.Span;

                // Quirk: every chunk carries code/message/sid; a non-zero code (or an error body in place of the stream) is a typed error.
                if (_transport.Errors.ParseError(200, bytes) is { } error)
                {
                    throw _transport.Errors.CreateException(200, error with { RequestId = error.RequestId ?? sid });
                }

                var chunk = _transport.Deserialize(bytes, SparkJsonContext.Default.SparkChatResponse, sid);
                sid = chunk.Sid ?? sid;
                yield return SparkChatMapper.FromWireChunk(chunk, model, sse.HeaderRequestId);
            }

            throw new LlmRequestException(SparkErrorHandler.Provider, LlmErrorKind.Network, 200, null, "the stream ended before data:[DONE], so the reply may be cut short", sid, isTransient: true);
        }
    }
}
