namespace LlmClients.DashScope;

/// <summary>
/// Documents by URL: a <see cref="UriContent"/> with a document media type (pdf, docx, txt...) becomes the
/// <c>{"type":"doc_url","doc_url":[url]}</c> part that qwen-doc-turbo reads, in native and compatible mode alike.
/// </summary>
internal static class DashScopeDocumentUrls
{
    /// <summary>Says whether a model reads <c>doc_url</c> parts (the qwen-doc family, such as qwen-doc-turbo).</summary>
    /// <param name="model">The model id.</param>
    /// <returns>True for qwen-doc models.</returns>
    public static bool SupportsDocuments(string model) => model.StartsWith("qwen-doc", StringComparison.OrdinalIgnoreCase);

    /// <summary>Rejects document URLs for a model that cannot take them, before any network call.</summary>
    /// <param name="messages">The conversation.</param>
    /// <param name="model">The model.</param>
    /// <exception cref="ArgumentException">A message holds a document URL and the model is not a qwen-doc model.</exception>
    public static void Check(IReadOnlyList<ChatMessage> messages, string model)
    {
        if (SupportsDocuments(model))
        {
            return;
        }

        for (int i = 0; i < messages.Count; i++)
        {
            foreach (var content in messages[i].Contents)
            {
                if (content is UriContent uri && OpenAIChatMapper.IsDocument(uri.MediaType))
                {
                    throw new ArgumentException(
                        $"messages[{i}] holds a document by URL ({uri.MediaType}), but model '{model}' cannot read doc_url parts: only qwen-doc models (for example \"qwen-doc-turbo\") do. "
                        + "Set ChatOptions.ModelId to \"qwen-doc-turbo\", or upload the file with IDashScopeFileClient and ask qwen-long about it (DashScopeDocuments.CreateFileReferenceMessage).",
                        nameof(messages));
                }
            }
        }
    }
}
