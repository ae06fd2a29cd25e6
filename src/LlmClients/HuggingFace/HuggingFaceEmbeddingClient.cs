using System.Globalization;

namespace LlmClients.HuggingFace;

/// <summary>
/// Embeddings through the feature-extraction body <c>{"inputs": ...}</c>: the serverless router
/// (<c>models/{model}/pipeline/feature-extraction</c>), a dedicated Inference Endpoint (its URL), or TEI's <c>/embed</c>. Batches
/// are split to the server's limit (TEI <c>/info</c>, or the configured one) and sent with bounded parallelism.
/// </summary>
/// <param name="transport">The instance's transport.</param>
/// <param name="settings">The instance's settings.</param>
/// <param name="info">The TEI <c>/info</c> cache, for <see cref="HuggingFaceApi.Tei"/>; null otherwise.</param>
internal sealed class HuggingFaceEmbeddingClient(LlmHttpTransport transport, HuggingFaceSettings settings, HuggingFaceTeiInfoCache? info)
    : VendorEmbeddingClient(settings.Instance, settings.BaseUrl, settings.DefaultEmbeddingModel)
{
    private readonly HuggingFaceTeiInfoCache? _info = info;

    /// <inheritdoc />
    public override Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<string> list;
        string? model;
        if (settings.Api == HuggingFaceApi.Serverless)
        {
            // The router names the model in the URL, so one is required.
            (list, model) = RequestValidation.Embeddings(values, options, settings.DefaultEmbeddingModel, settings.InstanceName);
        }
        else
        {
            list = RequestValidation.EmbeddingTexts(values, options);
            model = string.IsNullOrWhiteSpace(options?.ModelId) ? settings.DefaultEmbeddingModel : options.ModelId;
        }

        var normalize = HuggingFaceRequestOptions.Check(options, settings.Api);
        return GenerateCoreAsync(list, model, normalize, options, cancellationToken);
    }

    /// <summary>Builds the body: <c>inputs</c> as a string for one text (what users of the API send) or a list, <c>dimensions</c>, and the extras at the root.</summary>
    /// <param name="batch">The texts.</param>
    /// <param name="options">The options.</param>
    /// <returns>The UTF-8 body.</returns>
    internal static byte[] BuildBody(IReadOnlyList<string> batch, EmbeddingGenerationOptions? options)
    {
        // Quirk: feature-extraction options (normalize, truncate...) go at the body root, not under "parameters".
        var inputs = batch.Count == 1 ? WireJson.ToElement("inputs", batch[0]) : WireJson.ToElement("inputs", batch);
        var request = new HuggingFaceFeatureRequest(inputs, options?.Dimensions);
        return WireJson.Serialize(request, HuggingFaceJsonContext.Default.HuggingFaceFeatureRequest, options?.AdditionalProperties);
    }

    private async Task<GeneratedEmbeddings<Embedding<float>>> GenerateCoreAsync(IReadOnlyList<string> list, string? model, bool normalize, EmbeddingGenerationOptions? options, CancellationToken cancellationToken)
    {
        var server = _info is not null && (settings.MaxEmbeddingBatchSize is null || model is null) ? await _info.GetAsync(cancellationToken).ConfigureAwait(false) : null;
        var modelId = model ?? server?.ModelId;
        var batchSize = settings.MaxEmbeddingBatchSize ?? server?.MaxClientBatchSize ?? HuggingFaceSettings.DefaultBatchSize;
        return await EmbeddingBatcher.GenerateAsync(list, batchSize, settings.EmbeddingParallelism, (batch, ct) => SendAsync(batch, model, modelId, normalize, options, ct), cancellationToken).ConfigureAwait(false);
    }

    private async Task<GeneratedEmbeddings<Embedding<float>>> SendAsync(IReadOnlyList<string> batch, string? model, string? modelId, bool normalize, EmbeddingGenerationOptions? options, CancellationToken cancellationToken)
    {
        using var request = settings.CreateRequest(settings.FeatureExtractionUri(model), BuildBody(batch, options));
        var meanPool = settings.MeanPoolTokenEmbeddings;
        var (vectors, requestId) = await transport.SendAsync(
            request,
            (body, id) => (HuggingFaceFeatureReader.Read(body, batch.Count, meanPool, normalize, id), id),
            cancellationToken).ConfigureAwait(false);
        if (options?.Dimensions is int dimensions && vectors[0].Length != dimensions)
        {
            // Not every backend honours "dimensions" (the router's is undocumented): a wrong size is an error, not a surprise in a vector store.
            throw new LlmRequestException(
                HuggingFaceSettings.ProviderName,
                LlmErrorKind.InvalidResponse,
                200,
                null,
                null,
                requestId,
                isTransient: false,
                advice: string.Create(CultureInfo.InvariantCulture, $"asked for {dimensions} dimensions but got {vectors[0].Length}: this server ignores \"dimensions\"; leave EmbeddingGenerationOptions.Dimensions null, or use a TEI server (1.6 or later) and a Matryoshka model"));
        }

        var result = new GeneratedEmbeddings<Embedding<float>>(vectors.Length) { AdditionalProperties = ResponseProperties.RequestId(requestId) };
        foreach (var vector in vectors)
        {
            result.Add(new Embedding<float>(vector) { ModelId = modelId });
        }

        return result;
    }
}
