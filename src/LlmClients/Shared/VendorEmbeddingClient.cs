namespace LlmClients.Shared;

/// <summary>What every vendor embedding client shares: its metadata, its instance and the <c>GetService</c> rule.</summary>
/// <param name="metadata">The M.E.AI metadata (provider name, endpoint, default model).</param>
/// <param name="instance">The configured instance.</param>
internal abstract class VendorEmbeddingClient(EmbeddingGeneratorMetadata metadata, LlmInstanceMetadata instance) : IEmbeddingClient
{
    /// <inheritdoc />
    public abstract Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default);

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
        => ClientServices.Get(this, serviceType, serviceKey, metadata, instance);

    /// <inheritdoc />
    public void Dispose()
    {
        // Nothing to release: HttpClients come from IHttpClientFactory per call.
        GC.SuppressFinalize(this);
    }
}
