using LlmClients.Http;
using LlmClients.OpenAI;
using LlmClients.Shared;

namespace LlmClients.DashScope;

/// <summary>
/// Embeddings over DashScope's compatible mode (<c>/compatible-mode/v1/embeddings</c>, plural <c>dimensions</c>):
/// the OpenAI-compatible adapter, with DashScope's per-model caps and checks applied first.
/// </summary>
internal sealed class DashScopeCompatibleEmbeddingClient : IEmbeddingClient
{
    private readonly LlmHttpTransport _transport;
    private readonly DashScopeSettings _settings;
    private readonly OpenAICompatibleSettings _compatible;

    public DashScopeCompatibleEmbeddingClient(LlmHttpTransport transport, DashScopeSettings settings)
    {
        _transport = transport;
        _settings = settings;
        _compatible = settings.ToCompatible();
        Metadata = new ChatClientMetadata(DashScopeSettings.ProviderName, settings.CompatibleBaseUrl, settings.DefaultEmbeddingModel) { InstanceName = settings.InstanceName };
    }

    /// <inheritdoc />
    public ChatClientMetadata Metadata { get; }

    /// <inheritdoc />
    public Task<GeneratedEmbeddings> GenerateAsync(IEnumerable<string> values, EmbeddingOptions? options = null, CancellationToken cancellationToken = default)
    {
        var (list, model) = RequestValidation.Embeddings(values, options, _settings.DefaultEmbeddingModel, _settings.InstanceName);
        var (maxTexts, sendDimensions) = DashScopeEmbeddingModels.Check(model, list, options?.Dimensions, _settings.MaxEmbeddingBatchSize);
        var sent = new EmbeddingOptions
        {
            ModelId = model,
            Dimensions = sendDimensions ? options?.Dimensions : null,
            InputType = options?.InputType,
            AdditionalProperties = options?.AdditionalProperties,
        };
        var inner = new OpenAIEmbeddingClient(_transport, _compatible with { MaxEmbeddingBatchSize = maxTexts });
        return inner.GenerateAsync(list, sent, cancellationToken);
    }
}
