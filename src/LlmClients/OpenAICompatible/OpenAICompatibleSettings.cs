
namespace LlmClients.OpenAICompatible;

/// <summary>What the OpenAI-compatible adapter needs to know about one provider instance (OpenAI, DeepSeek, DashScope compatible mode, Qianfan v2...).</summary>
internal sealed record OpenAICompatibleSettings
{
    /// <summary>Gets the vendor name reported in metadata and errors.</summary>
    public required string ProviderName { get; init; }

    /// <summary>Gets the instance name (the DI key).</summary>
    public required string InstanceName { get; init; }

    /// <summary>Gets the base URL, ending with a slash.</summary>
    public required Uri BaseUrl { get; init; }

    /// <summary>Gets the default chat model.</summary>
    public string? DefaultModel { get; init; }

    /// <summary>Gets the default embedding model.</summary>
    public string? DefaultEmbeddingModel { get; init; }

    /// <summary>Gets headers added to every request (organization, project, workspace, appid...).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>Gets whether the output cap is sent as <c>max_completion_tokens</c> (OpenAI) rather than <c>max_tokens</c> (compatible servers).</summary>
    public bool UseMaxCompletionTokens { get; init; }

    /// <summary>Gets the adapter family speaking this wire (<c>OpenAI</c>, <c>DashScope</c>, <c>Zhipu</c>, <c>Qianfan</c>), for messages and <see cref="LlmInstanceMetadata.Vendor"/>.</summary>
    public string Vendor { get; init; } = "OpenAI";

    /// <summary>Gets the instance as the clients report it (<see cref="LlmInstanceMetadata"/>).</summary>
    public LlmInstanceMetadata Instance => new(InstanceName, ProviderName, Vendor);

    /// <summary>Gets how <see cref="ChatOptions.Reasoning"/> is spelled on this wire.</summary>
    public ReasoningDialect Reasoning { get; init; } = ReasoningDialect.ReasoningEffort;

    /// <summary>Gets whether an assistant message's <see cref="TextReasoningContent"/> is sent back as <c>reasoning_content</c>.</summary>
    public bool SendReasoningContent { get; init; }

    /// <summary>Gets the media a user message may carry on this wire.</summary>
    public MediaInput Media { get; init; } = MediaInput.Image | MediaInput.Audio;

    /// <summary>Gets the most texts per embedding request.</summary>
    public int MaxEmbeddingBatchSize { get; init; } = 2048;

    /// <summary>Gets how many embedding requests of one split batch may run at once.</summary>
    public int EmbeddingParallelism { get; init; } = 4;

    /// <summary>Creates a request to a path under the base URL, with the configured headers.</summary>
    /// <param name="path">The relative path, for example <c>chat/completions</c>.</param>
    /// <param name="body">The JSON body, or null.</param>
    /// <returns>The request.</returns>
    public HttpRequestMessage CreateRequest(string path, byte[]? body)
        => JsonRequests.Create(body is null ? HttpMethod.Get : HttpMethod.Post, BaseUrls.Combine(BaseUrl, path), body, Headers);
}
