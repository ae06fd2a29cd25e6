using LlmClients.Resilience;

namespace LlmClients.Zhipu;

/// <summary>
/// Settings of a Zhipu AI (BigModel, GLM) provider instance, bound from <c>LlmProviders:&lt;name&gt;</c>. When not set,
/// <see cref="ApiKey"/> falls back to <c>ZHIPUAI_API_KEY</c> and <see cref="BaseUrl"/> to <c>ZHIPUAI_BASE_URL</c>, as the official SDK does.
/// </summary>
public sealed class ZhipuOptions
{
    /// <summary>The endpoint used when no base URL is configured: <c>https://open.bigmodel.cn/api/paas/v4/</c>.</summary>
    public static readonly Uri DefaultBaseUrl = new("https://open.bigmodel.cn/api/paas/v4/");

    /// <summary>Gets or sets the API key, of the form <c>{id}.{secret}</c>. Required (or <c>ZHIPUAI_API_KEY</c>).</summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// Gets or sets the base URL. The default is <see cref="DefaultBaseUrl"/> (or <c>ZHIPUAI_BASE_URL</c>);
    /// the international twin is <c>https://api.z.ai/api/paas/v4/</c>.
    /// </summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>Gets or sets how the key is sent. The default is <see cref="ZhipuAuthMode.Bearer"/> (the raw key).</summary>
    public ZhipuAuthMode AuthMode { get; set; } = ZhipuAuthMode.Bearer;

    /// <summary>
    /// Gets or sets how long a JWT is valid in <see cref="ZhipuAuthMode.Jwt"/> mode; it is replaced 30 seconds before it
    /// expires (at most half its lifetime early). The default is 210 seconds, as the official Python SDK.
    /// </summary>
    public TimeSpan JwtTimeToLive { get; set; } = TimeSpan.FromSeconds(210);

    /// <summary>Gets or sets the chat model used when a request names none. The default is <c>glm-4</c>.</summary>
    public string? DefaultModel { get; set; } = "glm-4";

    /// <summary>Gets or sets the embedding model used when a request names none. The default is <c>embedding-2</c>.</summary>
    public string? DefaultEmbeddingModel { get; set; } = "embedding-2";

    /// <summary>
    /// Gets or sets the most texts per embedding request; larger batches are split. The default is 64 (embedding-3's cap);
    /// embedding-2 requests are further capped at 16 texts to stay under its 8K-token request limit.
    /// </summary>
    public int MaxEmbeddingBatchSize { get; set; } = 64;

    /// <summary>Gets or sets how many parts of a split embedding batch may be in flight at once. The default is 3 (Zhipu allows few concurrent requests).</summary>
    public int EmbeddingParallelism { get; set; } = 3;

    /// <summary>
    /// Gets or sets whether an assistant message's <see cref="TextReasoningContent"/> is sent back as
    /// <c>reasoning_content</c>. The default is false: GLM continues a conversation without its earlier reasoning, and sending it costs input tokens.
    /// </summary>
    public bool SendReasoningContent { get; set; }

    /// <summary>Gets or sets the default polling of async chat tasks.</summary>
    public ZhipuPollingOptions Polling { get; set; } = new();

    /// <summary>Gets or sets retry and timeout settings.</summary>
    public LlmResilienceOptions Resilience { get; set; } = new();
}
