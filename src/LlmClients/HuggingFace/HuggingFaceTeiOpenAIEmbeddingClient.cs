namespace LlmClients.HuggingFace;

/// <summary>
/// Embeddings through a TEI server's OpenAI-compatible <c>/v1/embeddings</c>, sent by the shared OpenAI-compatible client. What
/// TEI adds: its batch limit and model id come from <c>/info</c> (unless configured), and the options that route ignores are
/// refused (<see cref="HuggingFaceRequestOptions"/>).
/// </summary>
/// <param name="transport">The instance's transport (Hugging Face errors: that route answers <c>{"message","code","type"}</c>).</param>
/// <param name="settings">The instance's settings.</param>
/// <param name="info">The TEI <c>/info</c> cache.</param>
internal sealed class HuggingFaceTeiOpenAIEmbeddingClient(LlmHttpTransport transport, HuggingFaceSettings settings, HuggingFaceTeiInfoCache info)
    : VendorEmbeddingClient(settings.Instance, settings.BaseUrl, settings.DefaultEmbeddingModel)
{
    /// <inheritdoc />
    public override Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = RequestValidation.EmbeddingTexts(values, options);
        HuggingFaceRequestOptions.Check(options, HuggingFaceApi.TeiOpenAI);
        return GenerateCoreAsync(list, options, cancellationToken);
    }

    /// <summary>The OpenAI-compatible settings of the route, with the batch size and model resolved.</summary>
    /// <param name="settings">The instance's settings.</param>
    /// <param name="model">The model to name (TEI does not check it; it only logs a mismatch).</param>
    /// <param name="batchSize">The most texts per request.</param>
    /// <returns>The settings.</returns>
    internal static OpenAICompatibleSettings CompatibleSettings(HuggingFaceSettings settings, string? model, int batchSize) => new()
    {
        ProviderName = HuggingFaceSettings.ProviderName,
        InstanceName = settings.InstanceName,
        BaseUrl = new Uri(settings.BaseUrl, "v1/"),
        DefaultEmbeddingModel = model,
        Headers = settings.Headers,
        MaxEmbeddingBatchSize = batchSize,
        EmbeddingParallelism = settings.EmbeddingParallelism,
        Vendor = "HuggingFace",
    };

    private async Task<GeneratedEmbeddings<Embedding<float>>> GenerateCoreAsync(IReadOnlyList<string> list, EmbeddingGenerationOptions? options, CancellationToken cancellationToken)
    {
        var model = string.IsNullOrWhiteSpace(options?.ModelId) ? settings.DefaultEmbeddingModel : options.ModelId;
        var server = settings.MaxEmbeddingBatchSize is null || model is null ? await info.GetAsync(cancellationToken).ConfigureAwait(false) : null;
        var compatible = CompatibleSettings(settings, model ?? server?.ModelId, settings.MaxEmbeddingBatchSize ?? server?.MaxClientBatchSize ?? HuggingFaceSettings.DefaultBatchSize);
        return await new OpenAIEmbeddingClient(transport, compatible).GenerateAsync(list, options, cancellationToken).ConfigureAwait(false);
    }
}
