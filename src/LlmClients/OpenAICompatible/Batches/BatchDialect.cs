namespace LlmClients.OpenAICompatible.Batches;

/// <summary>
/// What a vendor adds to the shared batch engine: its per-file limits and how its own clients write a request body (so
/// each line's body is exactly what the synchronous call would send, vendor quirks included).
/// </summary>
internal sealed record BatchDialect
{
    /// <summary>Gets the most lines per input file. OpenAI, DashScope and Zhipu: 50,000.</summary>
    public int MaxRequestsPerFile { get; init; } = 50_000;

    /// <summary>Gets the most embedding lines per input file. OpenAI: 50,000 inputs; Zhipu: 10,000 requests for embedding models.</summary>
    public int MaxEmbeddingRequestsPerFile { get; init; } = 50_000;

    /// <summary>Gets the largest input file in bytes. OpenAI: 200 MB; DashScope: 500 MB; Zhipu: 100 MB.</summary>
    public long MaxBytesPerFile { get; init; } = 200L * 1024 * 1024;

    /// <summary>Gets the longest line in bytes, or null for no limit of its own. DashScope: 6 MB.</summary>
    public long? MaxLineBytes { get; init; }

    /// <summary>Gets the chat body writer: validates the conversation like the chat client and returns the non-streaming body.</summary>
    public required Func<IEnumerable<ChatMessage>, ChatOptions?, byte[]> ChatBody { get; init; }

    /// <summary>
    /// Gets the embedding body writer: validates the texts and options like the embedding client, then returns a writer of
    /// the body for one text.
    /// </summary>
    public required Func<IReadOnlyList<string>, EmbeddingGenerationOptions?, Func<string, byte[]>> EmbeddingBodies { get; init; }

    /// <summary>The dialect of OpenAI and any OpenAI-compatible server: OpenAI's limits, the shared chat and embedding bodies.</summary>
    /// <param name="chat">The instance's chat client, whose body writer each chat line uses.</param>
    /// <param name="settings">The instance's settings (default embedding model, instance name).</param>
    /// <returns>The dialect.</returns>
    public static BatchDialect ForCompatible(OpenAIChatClient chat, OpenAICompatibleSettings settings) => new()
    {
        ChatBody = (messages, options) => chat.BuildBody(messages, options, stream: false),
        EmbeddingBodies = (values, options) =>
        {
            var (_, model) = RequestValidation.Embeddings(values, options, settings.DefaultEmbeddingModel, settings.InstanceName);
            return text => OpenAIEmbeddingClient.BuildBody([text], model, options);
        },
    };
}
