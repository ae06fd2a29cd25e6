
namespace LlmClients.DashScope;

/// <summary>
/// Embeddings over DashScope's compatible mode (<c>/compatible-mode/v1/embeddings</c>, plural <c>dimensions</c>):
/// the OpenAI-compatible adapter, with DashScope's per-model caps and checks applied first.
/// </summary>
internal sealed class DashScopeCompatibleEmbeddingClient(LlmHttpTransport transport, DashScopeSettings settings)
    : VendorEmbeddingClient(settings.Instance, settings.CompatibleBaseUrl, settings.DefaultEmbeddingModel)
{
    private readonly OpenAICompatibleSettings _compatible = settings.ToCompatible();

    /// <inheritdoc />
    public override Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var (list, model) = RequestValidation.Embeddings(values, options, settings.DefaultEmbeddingModel, settings.InstanceName);
        var (maxTexts, sendDimensions) = DashScopeEmbeddingModels.Check(model, list, options?.Dimensions, settings.MaxEmbeddingBatchSize);
        var sent = new EmbeddingGenerationOptions
        {
            ModelId = model,
            Dimensions = sendDimensions ? options?.Dimensions : null,
            AdditionalProperties = options?.AdditionalProperties,
        };
        var inner = new OpenAIEmbeddingClient(transport, _compatible with { MaxEmbeddingBatchSize = maxTexts });
        return inner.GenerateAsync(list, sent, cancellationToken);
    }
}
