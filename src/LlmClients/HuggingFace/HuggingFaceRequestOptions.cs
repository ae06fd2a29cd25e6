namespace LlmClients.HuggingFace;

/// <summary>Checks the <see cref="HuggingFaceEmbeddingProperties"/> extras of a call before anything is sent.</summary>
internal static class HuggingFaceRequestOptions
{
    /// <summary>Checks the extras' types and that the route takes them; returns whether vectors come back normalized.</summary>
    /// <param name="options">The options.</param>
    /// <param name="api">The API the instance calls.</param>
    /// <returns>False only when <c>normalize</c> is false.</returns>
    /// <exception cref="ArgumentException">An extra has the wrong type or value, sets <c>inputs</c>, or is one the route ignores.</exception>
    public static bool Check(EmbeddingGenerationOptions? options, HuggingFaceApi api)
    {
        if (options?.AdditionalProperties is not { Count: > 0 } extras)
        {
            return true;
        }

        if (extras.ContainsKey("inputs"))
        {
            throw new ArgumentException("EmbeddingGenerationOptions.AdditionalProperties[\"inputs\"] would replace the texts: remove it and pass the texts as the call's argument.", nameof(options));
        }

        var normalize = Bool(extras, HuggingFaceEmbeddingProperties.Normalize);
        _ = Bool(extras, HuggingFaceEmbeddingProperties.Truncate);
        if (extras.TryGetValue(HuggingFaceEmbeddingProperties.TruncationDirection, out var direction) && direction is not null
            && !(direction is string text && (text.Equals("left", StringComparison.OrdinalIgnoreCase) || text.Equals("right", StringComparison.OrdinalIgnoreCase))))
        {
            throw new ArgumentException($"EmbeddingGenerationOptions.AdditionalProperties[\"{HuggingFaceEmbeddingProperties.TruncationDirection}\"] must be \"left\" or \"right\" (the default is \"right\"); it is {Describe(direction)}.", nameof(options));
        }

        if (extras.TryGetValue(HuggingFaceEmbeddingProperties.PromptName, out var prompt) && prompt is not null && prompt is not string { Length: > 0 })
        {
            throw new ArgumentException($"EmbeddingGenerationOptions.AdditionalProperties[\"{HuggingFaceEmbeddingProperties.PromptName}\"] must be a non-empty string naming one of the model's prompts (for example \"query\"); it is {Describe(prompt)}.", nameof(options));
        }

        if (api == HuggingFaceApi.TeiOpenAI)
        {
            // Quirk: TEI's /v1/embeddings always normalizes and uses the server's truncation and default prompt; it would
            // silently ignore these fields, so they are refused rather than dropped.
            foreach (var key in (string[])[HuggingFaceEmbeddingProperties.Truncate, HuggingFaceEmbeddingProperties.TruncationDirection, HuggingFaceEmbeddingProperties.PromptName])
            {
                if (extras.TryGetValue(key, out var value) && value is not null)
                {
                    throw new ArgumentException($"EmbeddingGenerationOptions.AdditionalProperties[\"{key}\"] is ignored by TEI's OpenAI-compatible route (/v1/embeddings), which uses the server's settings: remove it, or set the instance's Api to Tei to call /embed, which honours it.", nameof(options));
                }
            }

            if (normalize == false)
            {
                throw new ArgumentException($"EmbeddingGenerationOptions.AdditionalProperties[\"{HuggingFaceEmbeddingProperties.Normalize}\"] is false, but TEI's OpenAI-compatible route (/v1/embeddings) always normalizes: remove it, or set the instance's Api to Tei to call /embed, which honours it.", nameof(options));
            }
        }

        return normalize ?? true;
    }

    private static bool? Bool(AdditionalPropertiesDictionary extras, string key)
    {
        if (!extras.TryGetValue(key, out var value) || value is null)
        {
            return null;
        }

        return value as bool? ?? throw new ArgumentException($"EmbeddingGenerationOptions.AdditionalProperties[\"{key}\"] must be a bool (true or false); it is {Describe(value)}.", "options");
    }

    private static string Describe(object value) => value is string s ? $"the string \"{s}\"" : $"a {value.GetType().Name}";
}
