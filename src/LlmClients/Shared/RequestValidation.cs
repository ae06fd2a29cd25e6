namespace LlmClients.Shared;

/// <summary>Client-side checks every adapter runs before any network call. Messages name the parameter and the fix.</summary>
internal static class RequestValidation
{
    /// <summary>Materializes and checks a conversation.</summary>
    /// <param name="messages">The messages.</param>
    /// <returns>The messages as a list.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="messages"/>, one of its items, or one of their contents is null.</exception>
    /// <exception cref="ArgumentException">The list is empty, a message has no content (or null Contents), or a text holds a lone surrogate.</exception>
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
            var contents = list[i]?.Contents;
            if (contents is null)
            {
                throw NoContents(list, i);
            }

            for (int j = 0; j < contents.Count; j++)
            {
                if (contents[j] is null
                    || (contents[j] is TextContent { Text: { } text } && HasLoneSurrogate(text))
                    || (contents[j] is TextReasoningContent { Text: { } reasoning } && HasLoneSurrogate(reasoning)))
                {
                    throw BadContent(contents[j], i, j);
                }
            }

            if (AllEmptyText(contents))
            {
                // An empty message would go out as "content": "" (or no content at all) and be answered as if something had been said.
                throw EmptyMessage(list[i], i);
            }
        }

        return list;
    }

    // The failures of Messages, built apart from its loop: the check every call runs stays small to jit.
    private static ArgumentException NoContents(IReadOnlyList<ChatMessage> list, int i) => list[i] is null
        ? new ArgumentNullException("messages", $"messages[{i}] is null; remove it or pass a ChatMessage.")
        : new ArgumentException($"messages[{i}].Contents is null; give the message a list of contents (for example new ChatMessage(ChatRole.User, \"...\")) or remove it.", "messages");

    private static ArgumentException EmptyMessage(ChatMessage message, int i) => new(
        $"messages[{i}] ({message.Role}) has no content: give it text (or an image, audio, file, tool call or tool result), or remove it from the conversation.",
        "messages");

    private static ArgumentException BadContent(AIContent? content, int i, int j) => content switch
    {
        null => new ArgumentNullException("messages", $"messages[{i}].Contents[{j}] is null; remove it or pass an AIContent (for example new TextContent(\"...\"))."),
        TextReasoningContent => new ArgumentException(LoneSurrogateMessage($"messages[{i}].Contents[{j}] (reasoning)"), "messages"),
        _ => new ArgumentException(LoneSurrogateMessage($"messages[{i}].Contents[{j}]"), "messages"),
    };

    /// <summary>
    /// Gets whether a text holds an unpaired UTF-16 surrogate. Such text cannot be encoded as UTF-8 JSON: it is rejected
    /// (naming where it is) rather than replaced with U+FFFD, so nothing is sent other than what the caller wrote.
    /// </summary>
    /// <param name="text">The text.</param>
    /// <returns>True when a lone surrogate is present.</returns>
    internal static bool HasLoneSurrogate(string text)
    {
        var span = text.AsSpan();
        int at = span.IndexOfAnyInRange('\uD800', '\uDFFF');
        while (at >= 0)
        {
            if (!char.IsHighSurrogate(span[at]) || at + 1 >= span.Length || !char.IsLowSurrogate(span[at + 1]))
            {
                return true;
            }

            span = span[(at + 2)..];
            at = span.IndexOfAnyInRange('\uD800', '\uDFFF');
        }

        return false;
    }

    private static string LoneSurrogateMessage(string where)
        => $"{where} holds an unpaired UTF-16 surrogate (half of a character, often from cutting a string between the two halves of an emoji), which cannot be sent as UTF-8; fix or remove that character.";

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
    /// <exception cref="ArgumentOutOfRangeException">MaxOutputTokens is not positive, Reasoning.Effort is not a defined value, or a sampling value is NaN or infinite.</exception>
    /// <exception cref="ArgumentException">A stop sequence is null or empty, a stop sequence or the model id holds a lone surrogate, or <c>AdditionalProperties["n"]</c> asks for more than one choice.</exception>
    /// <exception cref="InvalidOperationException">No model is given and none is configured.</exception>
    public static string ChatModel(ChatOptions? options, string? defaultModel, string instanceName)
        => options is null ? Model(null, defaultModel, instanceName, "ChatOptions.ModelId", "DefaultModel") : CheckedChatModel(options, defaultModel, instanceName);

    // Apart from ChatModel: a call without options (chat.GetResponseAsync("...")) never jits the option checks.
    private static string CheckedChatModel(ChatOptions? options, string? defaultModel, string instanceName)
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

                if (HasLoneSurrogate(stop[i]))
                {
                    throw new ArgumentException(LoneSurrogateMessage($"ChatOptions.StopSequences[{i}]"), nameof(options));
                }
            }
        }

        // Range checks (temperature -1, top_p 1.5) are the vendor's call; a value JSON cannot carry is ours.
        RequireFinite(options?.Temperature, "Temperature");
        RequireFinite(options?.TopP, "TopP");
        RequireFinite(options?.FrequencyPenalty, "FrequencyPenalty");
        RequireFinite(options?.PresencePenalty, "PresencePenalty");

        if (options?.Reasoning?.Effort is { } effort && !Enum.IsDefined(effort))
        {
            throw new ArgumentOutOfRangeException(
                nameof(options), effort, "ChatOptions.Reasoning.Effort is not a ReasoningEffort value: use None, Low, Medium, High or ExtraHigh, or leave ChatOptions.Reasoning null.");
        }

        if (options?.AdditionalProperties?.TryGetValue("n", out var n) == true && ChoiceCount(n) is > 1 and var count)
        {
            // ChatResponse carries one answer: further choices would be billed and then unreachable (OpenAI, DashScope and
            // Zhipu take n; in a stream each choice arrives tagged by index, interleaved).
            throw new ArgumentException(
                $"ChatOptions.AdditionalProperties[\"n\"] = {count} asks for several choices, but a ChatResponse holds one answer, so the others would be billed and lost. Call GetResponseAsync {count} times instead (vary ChatOptions.Seed), or remove \"n\".",
                nameof(options));
        }

        return Model(options?.ModelId, defaultModel, instanceName, "ChatOptions.ModelId", "DefaultModel");
    }

    private static long? ChoiceCount(object? value) => value switch
    {
        int i => i,
        long l => l,
        System.Text.Json.JsonElement { ValueKind: System.Text.Json.JsonValueKind.Number } e when e.TryGetInt64(out var v) => v,
        string s when long.TryParse(s, System.Globalization.CultureInfo.InvariantCulture, out var v) => v,
        _ => null,
    };

    /// <summary>Materializes and checks the texts to embed, and resolves the model.</summary>
    /// <param name="values">The texts.</param>
    /// <param name="options">The options.</param>
    /// <param name="defaultModel">The configured default embedding model.</param>
    /// <param name="instanceName">The provider instance name, for the message.</param>
    /// <returns>The texts and the model.</returns>
    /// <exception cref="ArgumentException">A text is null, empty, white space only or holds a lone surrogate, or the list is empty.</exception>
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
            if (string.IsNullOrWhiteSpace(list[i]))
            {
                // Vendors reject empty input, and white space alone embeds to a meaningless vector.
                throw new ArgumentException(
                    $"values[{i}] is {(list[i] is null ? "null" : list[i].Length == 0 ? "empty" : "only white space")}; every text to embed must have some text (remove it or replace it).",
                    nameof(values));
            }

            if (HasLoneSurrogate(list[i]))
            {
                throw new ArgumentException(LoneSurrogateMessage($"values[{i}]"), nameof(values));
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

    private static void RequireFinite(float? value, string name)
    {
        if (value is float v && !float.IsFinite(v))
        {
            throw new ArgumentOutOfRangeException(
                "options", v, $"ChatOptions.{name} is {v}; JSON has no NaN or infinity, so give a finite number or leave it null for the vendor's default.");
        }
    }

    private static string Model(string? requested, string? configured, string instanceName, string optionName, string settingName)
    {
        if (!string.IsNullOrWhiteSpace(requested))
        {
            if (HasLoneSurrogate(requested))
            {
                throw new ArgumentException(LoneSurrogateMessage(optionName), "options");
            }

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
