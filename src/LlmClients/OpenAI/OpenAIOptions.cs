namespace LlmClients.OpenAI;

/// <summary>
/// Settings of an OpenAI or OpenAI-compatible provider instance (OpenAI, DeepSeek, vLLM, Ollama...), bound from
/// <c>LlmProviders:&lt;name&gt;</c>. When <see cref="LlmProviderOptions.BaseUrl"/> is not set, <c>OPENAI_BASE_URL</c> and <c>OPENAI_API_KEY</c>
/// are read as fallbacks, as the official SDK does; an instance pointed at another server never picks up the OpenAI key.
/// </summary>
public sealed class OpenAIOptions : LlmProviderOptions
{
    /// <summary>Initializes a new instance of the <see cref="OpenAIOptions"/> class: at most 2048 texts per embedding request (OpenAI's cap).</summary>
    public OpenAIOptions()
        : base(maxEmbeddingBatchSize: 2048)
    {
    }

    /// <summary>The OpenAI endpoint used when no base URL is configured.</summary>
    public static readonly Uri DefaultBaseUrl = new("https://api.openai.com/v1/");

    /// <summary>Gets or sets the <c>OpenAI-Organization</c> header. The default is none.</summary>
    public string? Organization { get; set; }

    /// <summary>Gets or sets the <c>OpenAI-Project</c> header. The default is none.</summary>
    public string? Project { get; set; }

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
}
