namespace LlmClients.Shared;

/// <summary>What every vendor chat client shares: its metadata, its instance and the <c>GetService</c> rule.</summary>
/// <param name="metadata">The M.E.AI metadata (provider name, endpoint, default model).</param>
/// <param name="instance">The configured instance.</param>
internal abstract class VendorChatClient(ChatClientMetadata metadata, LlmInstanceMetadata instance) : IChatClient
{
    /// <inheritdoc />
    public abstract Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default);

    /// <inheritdoc />
    public abstract IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default);

    /// <inheritdoc />
    /// <remarks>A vendor with vendor-only clients (files, async tasks, images) overrides this to offer them first.</remarks>
    public virtual object? GetService(Type serviceType, object? serviceKey = null)
        => ClientServices.Get(this, serviceType, serviceKey, metadata, instance);

    /// <inheritdoc />
    public void Dispose()
    {
        // Nothing to release: HttpClients come from IHttpClientFactory per call.
        GC.SuppressFinalize(this);
    }
}
