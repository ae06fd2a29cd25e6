namespace LlmClients.Shared;

/// <summary>Client-side checks every adapter runs before any network call. Messages name the parameter and the fix.</summary>
internal static class RequestValidation
{
    /// <summary>Materializes and checks a conversation.</summary>
    /// <param name="messages">The messages.</param>
    /// <returns>The messages as a list.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="messages"/>, one of its items, or one of their contents is null.</exception>
    /// <exception cref="ArgumentException">The list is empty, or a user or system message has no content.</exception>
    public static IReadOnlyList<ChatMessage> Messages(IEnumerable<ChatMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var list = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        if (list.Count == 0)
        {
            throw new ArgumentException("The conversation is empty: pass at least one message (for example new ChatMessage(ChatRole.User, \"...\")).", nameof(messages));
        }

        for (int i = 0; i < list.Count; i++)
        {
            if (list[i] is null)
            {
                throw new ArgumentNullException(nameof(messages), $"messages[{i}] is null; remove it or pass a ChatMessage.");
            }

            var contents = list[i].Contents;
            for (int j = 0; j < contents.Count; j++)
            {
                if (contents[j] is null)
                {
                    throw new ArgumentNullException(nameof(messages), $"messages[{i}].Contents[{j}] is null; remove it or pass an AIContent (for example new TextContent(\"...\")).");
                }
            }

            if ((list[i].Role == ChatRole.User || list[i].Role == ChatRole.System) && AllEmptyText(contents))
            {
                // An empty prompt would go out as "content": "" and be answered as if something had been asked.
                throw new ArgumentException(
                    $"messages[{i}] ({list[i].Role}) has no content: give it text (or an image, audio or file), or remove it from the conversation.",
                    nameof(messages));
            }
        }

        return list;
    }

    /// <summary>Gets whether a message holds nothing but empty text (or nothing at all). A loop, not LINQ: it runs on every call.</summary>
    /// <param name="contents">The contents.</param>
    /// <returns>True when there is nothing to send.</returns>
    private static bool AllEmptyText(IList<AIContent> contents)
    {
        for (int i = 0; i < contents.Count; i++)
        {
            if (contents[i] is not TextContent { Text.Length: 0 })
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Checks the options that have client-side rules, and resolves the model.</summary>
    /// <param name="options">The options.</param>
    /// <param name="defaultModel">The provider's configured default model.</param>
    /// <param name="instanceName">The provider instance name, for the message.</param>
    /// <returns>The model to use.</returns>
    /// <exception cref="ArgumentOutOfRangeException">MaxOutputTokens is not positive, or Reasoning.Effort is not a defined value.</exception>
    /// <exception cref="ArgumentException">A stop sequence is null or empty.</exception>
    /// <exception cref="InvalidOperationException">No model is given and none is configured.</exception>
    public static string ChatModel(ChatOptions? options, string? defaultModel, string instanceName)
    {
        if (options?.MaxOutputTokens is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxOutputTokens, "ChatOptions.MaxOutputTokens must be positive (vendors reject 0 and negative limits); leave it null for the vendor's default.");
        }

        if (options?.StopSequences is { } stop)
        {
            for (int i = 0; i < stop.Count; i++)
            {
                if (string.IsNullOrEmpty(stop[i]))
                {
                    throw new ArgumentException(
                        $"ChatOptions.StopSequences[{i}] is {(stop[i] is null ? "null" : "empty")}; every stop sequence must be a non-empty string (remove it).",
                        nameof(options));
                }
            }
        }

        if (options?.Reasoning?.Effort is { } effort && !Enum.IsDefined(effort))
        {
            throw new ArgumentOutOfRangeException(
                nameof(options), effort, "ChatOptions.Reasoning.Effort is not a ReasoningEffort value: use None, Low, Medium, High or ExtraHigh, or leave ChatOptions.Reasoning null.");
        }

        return Model(options?.ModelId, defaultModel, instanceName, "ChatOptions.ModelId", "DefaultModel");
    }

    /// <summary>Materializes and checks the texts to embed, and resolves the model.</summary>
    /// <param name="values">The texts.</param>
    /// <param name="options">The options.</param>
    /// <param name="defaultModel">The configured default embedding model.</param>
    /// <param name="instanceName">The provider instance name, for the message.</param>
    /// <returns>The texts and the model.</returns>
    /// <exception cref="ArgumentException">A text is null or empty, or the list is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Dimensions is not positive.</exception>
    /// <exception cref="InvalidOperationException">No model is given and none is configured.</exception>
    public static (IReadOnlyList<string> Values, string Model) Embeddings(IEnumerable<string> values, EmbeddingGenerationOptions? options, string? defaultModel, string instanceName)
        => (EmbeddingTexts(values, options), Model(options?.ModelId, defaultModel, instanceName, "EmbeddingGenerationOptions.ModelId", "DefaultEmbeddingModel"));

    /// <summary>Materializes and checks the texts to embed and the options with client-side rules, for servers that need no model name (one model per server).</summary>
    /// <param name="values">The texts.</param>
    /// <param name="options">The options.</param>
    /// <returns>The texts.</returns>
    /// <exception cref="ArgumentException">A text is null or empty, or the list is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Dimensions is not positive.</exception>
    public static IReadOnlyList<string> EmbeddingTexts(IEnumerable<string> values, EmbeddingGenerationOptions? options)
    {
        ArgumentNullException.ThrowIfNull(values);
        var list = values as IReadOnlyList<string> ?? [.. values];
        if (list.Count == 0)
        {
            throw new ArgumentException("There is nothing to embed: pass at least one non-empty text.", nameof(values));
        }

        for (int i = 0; i < list.Count; i++)
        {
            if (string.IsNullOrEmpty(list[i]))
            {
                throw new ArgumentException($"values[{i}] is {(list[i] is null ? "null" : "empty")}; every text to embed must be a non-empty string (remove it or replace it).", nameof(values));
            }
        }

        // A wrong-typed input type fails here for every vendor, also those that have no notion of it and ignore it.
        _ = options.GetInputType();

        if (options?.Dimensions is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Dimensions, "EmbeddingGenerationOptions.Dimensions must be positive; leave it null for the model's default.");
        }

        return list;
    }

    private static string Model(string? requested, string? configured, string instanceName, string optionName, string settingName)
    {
        if (!string.IsNullOrWhiteSpace(requested))
        {
            return requested;
        }

        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }

        throw new InvalidOperationException(
            $"No model was given for instance '{instanceName}': set {optionName} on the request, or give the instance a default: options.{settingName} in the configure callback that registered it, or 'LlmProviders:{instanceName}:{settingName}' in configuration.");
    }
}
