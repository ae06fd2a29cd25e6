namespace LlmClients.Shared;

/// <summary>What every vendor chat client shares: its metadata, its instance and the <c>GetService</c> rule.</summary>
/// <param name="instance">The configured instance; its provider name is M.E.AI's provider name.</param>
/// <param name="endpoint">The base URL the client talks to.</param>
/// <param name="defaultModel">The model used when the options name none, or null.</param>
internal abstract class VendorChatClient(LlmInstanceMetadata instance, Uri endpoint, string? defaultModel) : IChatClient
{
    private readonly ChatClientMetadata _metadata = new(instance.ProviderName, endpoint, defaultModel);

    /// <inheritdoc />
    public abstract Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default);

    /// <inheritdoc />
    public abstract IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default);

    /// <inheritdoc />
    /// <remarks>A vendor with vendor-only clients (files, async tasks, images) overrides this to offer them first.</remarks>
    public virtual object? GetService(Type serviceType, object? serviceKey = null)
        => ClientServices.Get(this, serviceType, serviceKey, _metadata, instance);

    /// <inheritdoc />
    public void Dispose()
    {
        // Nothing to release: HttpClients come from IHttpClientFactory per call.
        GC.SuppressFinalize(this);
    }
}
