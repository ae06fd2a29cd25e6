
namespace LlmClients.Spark;

/// <summary>What the Spark clients need to know about one instance, resolved from <see cref="SparkOptions"/>.</summary>
internal sealed record SparkSettings
{
    /// <summary>Gets the wire profile of the general chat models (<c>/v1/</c>).</summary>
    public required OpenAICompatibleSettings Chat { get; init; }

    /// <summary>Gets the wire profile of the X1 reasoning models (<c>/v2/</c>).</summary>
    public required OpenAICompatibleSettings X1 { get; init; }

    /// <summary>Gets the models sent to <see cref="X1"/>.</summary>
    public required IReadOnlySet<string> X1Models { get; init; }

    /// <summary>Gets the embedding endpoint (its path is signed).</summary>
    public required Uri EmbeddingUrl { get; init; }

    /// <summary>Gets the APPID sent in embedding bodies, or null when embeddings are not configured.</summary>
    public string? AppId { get; init; }

    /// <summary>Gets whether the chat password is configured.</summary>
    public bool HasChatCredentials { get; init; }

    /// <summary>Gets whether the APPID, APIKey and APISecret are all configured.</summary>
    public bool HasEmbeddingCredentials { get; init; }

    /// <summary>Gets the profile that serves <paramref name="model"/>.</summary>
    /// <param name="model">The resolved model.</param>
    /// <returns><see cref="X1"/> for an X1 model, else <see cref="Chat"/>.</returns>
    public OpenAICompatibleSettings For(string model) => X1Models.Contains(model) ? X1 : Chat;
}
