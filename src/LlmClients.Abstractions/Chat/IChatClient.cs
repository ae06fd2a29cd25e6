namespace LlmClients;

/// <summary>A provider-neutral chat client. Implementations are thread-safe and immutable.</summary>
public interface IChatClient
{
    /// <summary>Gets what provider, endpoint and default model this client talks to.</summary>
    ChatClientMetadata Metadata { get; }

    /// <summary>Sends a conversation and returns the complete response.</summary>
    /// <param name="messages">The conversation so far; at least one message.</param>
    /// <param name="options">Per-request options, or null for the provider's defaults.</param>
    /// <param name="cancellationToken">Cancels the request; cancellation surfaces as <see cref="OperationCanceledException"/>.</param>
    /// <returns>The response.</returns>
    /// <exception cref="ArgumentException">The messages or options are invalid (checked before any network call).</exception>
    /// <exception cref="LlmRequestException">The vendor reported an error, or a timeout elapsed.</exception>
    Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Sends a conversation and streams the response, one update per vendor event.</summary>
    /// <param name="messages">The conversation so far; at least one message.</param>
    /// <param name="options">Per-request options, or null for the provider's defaults.</param>
    /// <param name="cancellationToken">Cancels the stream; cancellation surfaces as <see cref="OperationCanceledException"/>.</param>
    /// <returns>The updates.</returns>
    /// <exception cref="ArgumentException">The messages or options are invalid (thrown on the call, before any network call).</exception>
    /// <exception cref="LlmRequestException">The vendor reported an error, before or during the stream.</exception>
    IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Gets a vendor-specific service from this client (for example a files client), or null.</summary>
    /// <param name="serviceType">The service type asked for.</param>
    /// <returns>The service, or null when this client has none of that type.</returns>
    object? GetService(Type serviceType) => serviceType is not null && serviceType.IsInstanceOfType(this) ? this : null;
}
