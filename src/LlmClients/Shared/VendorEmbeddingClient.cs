namespace LlmClients.Shared;

/// <summary>What every vendor embedding client shares: its metadata, its instance and the <c>GetService</c> rule.</summary>
/// <param name="instance">The configured instance; its provider name is M.E.AI's provider name.</param>
/// <param name="endpoint">The base URL the client talks to.</param>
/// <param name="defaultModel">The model used when the options name none, or null.</param>
internal abstract class VendorEmbeddingClient(LlmInstanceMetadata instance, Uri endpoint, string? defaultModel) : IEmbeddingClient
{
    private readonly EmbeddingGeneratorMetadata _metadata = new(instance.ProviderName, endpoint, defaultModel);

    /// <inheritdoc />
    public abstract Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default);

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
        => ClientServices.Get(this, serviceType, serviceKey, _metadata, instance);

    /// <inheritdoc />
    public void Dispose()
    {
        // Nothing to release: HttpClients come from IHttpClientFactory per call.
        GC.SuppressFinalize(this);
    }
}
