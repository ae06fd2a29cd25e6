namespace LlmClients.Zhipu;

/// <summary>
/// Settings of a Zhipu AI (BigModel, GLM) provider instance, bound from <c>LlmProviders:&lt;name&gt;</c>. When not set,
/// <see cref="LlmProviderOptions.ApiKey"/> falls back to <c>ZHIPUAI_API_KEY</c> and <see cref="LlmProviderOptions.BaseUrl"/> to <c>ZHIPUAI_BASE_URL</c>, as the official SDK does.
/// </summary>
public sealed class ZhipuOptions : LlmProviderOptions
{
    /// <summary>
    /// Initializes a new instance of the <see cref="ZhipuOptions"/> class with Zhipu's defaults: chat model <c>glm-4</c>,
    /// embedding model <c>embedding-2</c>, at most 64 texts per embedding request (embedding-3's cap; embedding-2 requests
    /// are further capped at 16 to stay under its 8K-token limit) and 3 embedding requests in flight (Zhipu allows few
    /// concurrent requests). The API key is of the form <c>{id}.{secret}</c>; the base URL defaults to
    /// <see cref="DefaultBaseUrl"/> (or <c>ZHIPUAI_BASE_URL</c>), the international twin being <c>https://api.z.ai/api/paas/v4/</c>.
    /// </summary>
    public ZhipuOptions()
        : base("glm-4", "embedding-2", maxEmbeddingBatchSize: 64, embeddingParallelism: 3)
    {
    }

    /// <summary>The endpoint used when no base URL is configured: <c>https://open.bigmodel.cn/api/paas/v4/</c>.</summary>
    public static readonly Uri DefaultBaseUrl = new("https://open.bigmodel.cn/api/paas/v4/");

    /// <summary>Gets or sets how the key is sent. The default is <see cref="ZhipuAuthMode.Bearer"/> (the raw key).</summary>
    public ZhipuAuthMode AuthMode { get; set; } = ZhipuAuthMode.Bearer;

    /// <summary>
    /// Gets or sets how long a JWT is valid in <see cref="ZhipuAuthMode.Jwt"/> mode; it is replaced 30 seconds before it
    /// expires (at most half its lifetime early). The default is 210 seconds, as the official Python SDK.
    /// </summary>
    public TimeSpan JwtTimeToLive { get; set; } = TimeSpan.FromSeconds(210);

    /// <summary>
    /// Gets or sets whether an assistant message's <see cref="TextReasoningContent"/> is sent back as
    /// <c>reasoning_content</c>. The default is false: GLM continues a conversation without its earlier reasoning, and sending it costs input tokens.
    /// </summary>
    public bool SendReasoningContent { get; set; }

    /// <summary>Gets or sets the default polling of async chat tasks.</summary>
    public ZhipuPollingOptions Polling { get; set; } = new();
}
