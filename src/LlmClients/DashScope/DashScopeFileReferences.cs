namespace LlmClients.DashScope;

/// <summary>
/// Turns <see cref="HostedFileContent"/> references into the system message qwen-long reads files from:
/// <c>fileid://a,fileid://b</c>. Used by native and compatible mode alike.
/// </summary>
internal static class DashScopeFileReferences
{
    /// <summary>The system prompt put before the file message when the conversation has none.</summary>
    public const string DefaultSystemPrompt = "You are a helpful assistant.";

    /// <summary>Says whether a model reads <c>fileid://</c> references (the qwen-long family).</summary>
    /// <param name="model">The model id.</param>
    /// <returns>True for qwen-long models.</returns>
    public static bool SupportsFiles(string model) => model.StartsWith("qwen-long", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Returns the conversation with every file reference removed from its message and gathered, in order and without
    /// repeats, into one <c>fileid://</c> system message placed after the leading system messages. A message left
    /// empty is dropped. When there is no leading system message, a default one is put first.
    /// </summary>
    /// <param name="messages">The validated conversation.</param>
    /// <param name="model">The model, checked to be qwen-long when there are references.</param>
    /// <returns>The conversation to send (the same list when it has no references).</returns>
    /// <exception cref="ArgumentException">There are file references and the model is not qwen-long.</exception>
    public static IReadOnlyList<ChatMessage> Apply(IReadOnlyList<ChatMessage> messages, string model)
    {
        List<string>? ids = null;
        foreach (var message in messages)
        {
            foreach (var content in message.Contents)
            {
                if (content is HostedFileContent file)
                {
                    ids ??= [];
                    if (!ids.Contains(file.FileId, StringComparer.Ordinal))
                    {
                        ids.Add(file.FileId);
                    }
                }
            }
        }

        if (ids is null)
        {
            return messages;
        }

        if (!SupportsFiles(model))
        {
            throw new ArgumentException(
                $"The conversation references uploaded files ({string.Join(", ", ids)}), but model '{model}' cannot read them: only qwen-long models (for example \"qwen-long\") take fileid:// references. "
                + "Set ChatOptions.ModelId to \"qwen-long\", or pass the document text instead with DashScopeDocuments.CreateTextDocumentMessage.",
                nameof(messages));
        }

        var result = new List<ChatMessage>(messages.Count + 2);
        foreach (var message in messages)
        {
            if (!message.Contents.Any(c => c is HostedFileContent))
            {
                result.Add(message);
                continue;
            }

            var rest = message.Contents.Where(c => c is not HostedFileContent).ToList();
            if (rest.Count > 0)
            {
                result.Add(new ChatMessage(message.Role, rest) { AuthorName = message.AuthorName, AdditionalProperties = message.AdditionalProperties });
            }
        }

        // Quirk: qwen-long wants the file ids in a system message, comma-joined; Alibaba's examples (and Higress) put a
        // normal system prompt first and the fileid:// message second.
        var fileMessage = new ChatMessage(ChatRole.System, string.Join(',', ids.Select(id => "fileid://" + id)));
        int leadingSystem = 0;
        while (leadingSystem < result.Count && result[leadingSystem].Role == ChatRole.System)
        {
            leadingSystem++;
        }

        if (leadingSystem == 0)
        {
            result.Insert(0, new ChatMessage(ChatRole.System, DefaultSystemPrompt));
            leadingSystem = 1;
        }

        result.Insert(leadingSystem, fileMessage);
        return result;
    }
}
