namespace LlmClients;

/// <summary>Convenience overloads for <see cref="IChatClient"/>.</summary>
public static class ChatClientExtensions
{
    /// <summary>Sends one user message and returns the response.</summary>
    /// <param name="client">The client.</param>
    /// <param name="prompt">The user's text.</param>
    /// <param name="options">Per-request options.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The response.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="client"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="prompt"/> is null or empty.</exception>
    public static Task<ChatResponse> GetResponseAsync(this IChatClient client, string prompt, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrEmpty(prompt);
        return client.GetResponseAsync([new ChatMessage(ChatRole.User, prompt)], options, cancellationToken);
    }

    /// <summary>Sends one user message and streams the response.</summary>
    /// <param name="client">The client.</param>
    /// <param name="prompt">The user's text.</param>
    /// <param name="options">Per-request options.</param>
    /// <param name="cancellationToken">Cancels the stream.</param>
    /// <returns>The updates.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="client"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="prompt"/> is null or empty.</exception>
    public static IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(this IChatClient client, string prompt, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrEmpty(prompt);
        return client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, prompt)], options, cancellationToken);
    }

    /// <summary>Gets a vendor-specific service of type <typeparamref name="T"/> from the client, or null.</summary>
    /// <typeparam name="T">The service type.</typeparam>
    /// <param name="client">The client.</param>
    /// <returns>The service or null.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="client"/> is null.</exception>
    public static T? GetService<T>(this IChatClient client)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(client);
        return client.GetService(typeof(T)) as T;
    }
}
