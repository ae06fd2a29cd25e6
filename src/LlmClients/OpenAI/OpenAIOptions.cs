using LlmClients.Resilience;

namespace LlmClients.OpenAI;

/// <summary>
/// Settings of an OpenAI or OpenAI-compatible provider instance (OpenAI, DeepSeek, vLLM, Ollama...), bound from
/// <c>LlmProviders:&lt;name&gt;</c>. When <see cref="BaseUrl"/> is not set, <c>OPENAI_BASE_URL</c> and <c>OPENAI_API_KEY</c>
/// are read as fallbacks, as the official SDK does; an instance pointed at another server never picks up the OpenAI key.
/// </summary>
public sealed class OpenAIOptions
{
    /// <summary>The OpenAI endpoint used when no base URL is configured.</summary>
    public static readonly Uri DefaultBaseUrl = new("https://api.openai.com/v1/");

    /// <summary>Gets or sets the API key, sent as <c>Authorization: Bearer</c>. Required.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Gets or sets the base URL, for example <c>https://api.deepseek.com/v1</c>. The default is <see cref="DefaultBaseUrl"/>.</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>Gets or sets the <c>OpenAI-Organization</c> header. The default is none.</summary>
    public string? Organization { get; set; }

    /// <summary>Gets or sets the <c>OpenAI-Project</c> header. The default is none.</summary>
    public string? Project { get; set; }

    /// <summary>Gets or sets the chat model used when a request names none. The default is none (requests must name one).</summary>
    public string? DefaultModel { get; set; }

    /// <summary>Gets or sets the embedding model used when a request names none. The default is none.</summary>
    public string? DefaultEmbeddingModel { get; set; }

    /// <summary>Gets or sets extra headers sent with every request. The default is none.</summary>
    public Dictionary<string, string> Headers { get; set; } = [];

    /// <summary>
    /// Gets or sets whether the output cap is sent as <c>max_completion_tokens</c> instead of <c>max_tokens</c>.
    /// The default (null) is true for api.openai.com and false for other servers, which mostly know only <c>max_tokens</c>.
    /// </summary>
    public bool? UseMaxCompletionTokens { get; set; }

    /// <summary>
    /// Gets or sets the provider this instance really talks to, as <c>gen_ai.provider.name</c> and
    /// <see cref="ChatClientMetadata.ProviderName"/> report it (for example <c>deepseek</c>, <c>vllm</c>, <c>ollama</c>).
    /// The default (null) is <c>deepseek</c> for a base URL on <c>api.deepseek.com</c>, else <c>openai</c>.
    /// </summary>
    public string? ProviderName { get; set; }

    /// <summary>
    /// Gets or sets whether an assistant message's <see cref="TextReasoningContent"/> is sent back as
    /// <c>reasoning_content</c>. DeepSeek's thinking mode with tools answers 400 "Missing reasoning_content field" without
    /// it, while other compatible servers reject the field. The default (null) is true when the provider is
    /// <c>deepseek</c>, else false.
    /// </summary>
    public bool? SendReasoningContent { get; set; }

    /// <summary>Gets or sets the most texts per embedding request; larger batches are split. The default is 2048 (OpenAI's cap).</summary>
    public int MaxEmbeddingBatchSize { get; set; } = 2048;

    /// <summary>Gets or sets how many parts of a split embedding batch may be in flight at once. The default is 4.</summary>
    public int EmbeddingParallelism { get; set; } = 4;

    /// <summary>Gets or sets retry and timeout settings.</summary>
    public LlmResilienceOptions Resilience { get; set; } = new();
}
