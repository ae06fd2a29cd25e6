namespace LlmClients;

/// <summary>Convenience overloads for <see cref="IEmbeddingClient"/>.</summary>
public static class EmbeddingClientExtensions
{
    /// <summary>Embeds one text.</summary>
    /// <param name="client">The client.</param>
    /// <param name="value">The text.</param>
    /// <param name="options">Per-request options.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The vector.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="client"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="value"/> is null or empty.</exception>
    public static async Task<ReadOnlyMemory<float>> GenerateVectorAsync(this IEmbeddingClient client, string value, EmbeddingOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrEmpty(value);
        var result = await client.GenerateAsync([value], options, cancellationToken).ConfigureAwait(false);
        return result[0].Vector;
    }
}
