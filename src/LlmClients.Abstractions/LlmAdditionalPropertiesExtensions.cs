namespace LlmClients;

/// <summary>Typed access to the <see cref="LlmAdditionalProperties"/> keys.</summary>
public static class LlmAdditionalPropertiesExtensions
{
    /// <summary>Gets the vendor request id of a response (<see cref="LlmAdditionalProperties.RequestId"/>).</summary>
    /// <param name="response">The response.</param>
    /// <returns>The request id, or null when the vendor sent none.</returns>
    public static string? GetRequestId(this ChatResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return Get(response.AdditionalProperties);
    }

    /// <summary>Gets the vendor request id of a streamed update (<see cref="LlmAdditionalProperties.RequestId"/>).</summary>
    /// <param name="update">The update.</param>
    /// <returns>The request id, or null when the vendor sent none.</returns>
    public static string? GetRequestId(this ChatResponseUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        return Get(update.AdditionalProperties);
    }

    /// <summary>Gets the vendor request id of an embedding call (<see cref="LlmAdditionalProperties.RequestId"/>); when a batch
    /// was split over several requests, the id of the first.</summary>
    /// <param name="embeddings">The embeddings.</param>
    /// <returns>The request id, or null when the vendor sent none.</returns>
    public static string? GetRequestId(this GeneratedEmbeddings<Embedding<float>> embeddings)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        return Get(embeddings.AdditionalProperties);
    }

    /// <summary>Sets whether the texts are search queries or documents (<see cref="LlmAdditionalProperties.InputType"/>).</summary>
    /// <param name="options">The options to change.</param>
    /// <param name="inputType">The input type.</param>
    /// <returns>The same options, for chaining.</returns>
    public static EmbeddingGenerationOptions WithInputType(this EmbeddingGenerationOptions options, EmbeddingInputType inputType)
    {
        ArgumentNullException.ThrowIfNull(options);
        (options.AdditionalProperties ??= [])[LlmAdditionalProperties.InputType] = inputType;
        return options;
    }

    /// <summary>Gets the input type set with <see cref="WithInputType"/> (or as its string value).</summary>
    /// <param name="options">The options, or null.</param>
    /// <returns>The input type, or null when none is set.</returns>
    /// <exception cref="ArgumentException">The value under the key is neither an <see cref="EmbeddingInputType"/> nor a non-empty string.</exception>
    public static EmbeddingInputType? GetInputType(this EmbeddingGenerationOptions? options)
    {
        if (options?.AdditionalProperties is not { } props || !props.TryGetValue(LlmAdditionalProperties.InputType, out var value) || value is null)
        {
            return null;
        }

        return value switch
        {
            EmbeddingInputType t => t,
            string { Length: > 0 } s when !string.IsNullOrWhiteSpace(s) => new EmbeddingInputType(s),
            _ => throw new ArgumentException(
                $"EmbeddingGenerationOptions.AdditionalProperties[\"{LlmAdditionalProperties.InputType}\"] must be an EmbeddingInputType or a non-empty string such as \"query\"; it is {value.GetType().Name}. Use options.WithInputType(EmbeddingInputType.Query).",
                nameof(options)),
        };
    }

    private static string? Get(AdditionalPropertiesDictionary? props)
        => props is not null && props.TryGetValue(LlmAdditionalProperties.RequestId, out var value) ? value as string : null;
}
