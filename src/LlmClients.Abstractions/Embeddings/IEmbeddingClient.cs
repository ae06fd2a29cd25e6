namespace LlmClients;

/// <summary>A provider-neutral text embedding client. Implementations are thread-safe and immutable.</summary>
public interface IEmbeddingClient
{
    /// <summary>Gets what provider, endpoint and default model this client talks to.</summary>
    ChatClientMetadata Metadata { get; }

    /// <summary>Embeds texts. Batches larger than the vendor's per-request cap are split and sent in parallel; order is kept.</summary>
    /// <param name="values">The texts; none may be null or empty.</param>
    /// <param name="options">Per-request options.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>One embedding per text, in input order.</returns>
    /// <exception cref="ArgumentException">A text is null or empty (the message names its index), or an option is invalid.</exception>
    /// <exception cref="LlmRequestException">The vendor reported an error.</exception>
    Task<GeneratedEmbeddings> GenerateAsync(IEnumerable<string> values, EmbeddingOptions? options = null, CancellationToken cancellationToken = default);
}
