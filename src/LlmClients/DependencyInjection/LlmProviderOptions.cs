using LlmClients.Resilience;

namespace LlmClients;

/// <summary>
/// Settings every provider instance has, bound from <c>LlmProviders:&lt;name&gt;</c>: credentials, endpoint, extra headers,
/// default models, embedding batching and resilience. Each vendor's options class derives from it and sets its own
/// defaults in its constructor (for example Zhipu's <c>glm-4</c> default model and embedding parallelism of 3).
/// </summary>
public abstract class LlmProviderOptions
{
    /// <summary>Initializes a new instance of the <see cref="LlmProviderOptions"/> class with the common defaults.</summary>
    protected LlmProviderOptions()
    {
    }

    /// <summary>Gets or sets the API key. Required; what it is (a bearer key, Qianfan's v1 AK) is described on the vendor's options.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Gets or sets the base URL of the vendor's API. The default (null) is the vendor's public endpoint.</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>Gets or sets extra headers sent with every request. The default is none.</summary>
    public Dictionary<string, string> Headers { get; set; } = [];

    /// <summary>Gets or sets the chat model used when a request names none. The default depends on the vendor (none for OpenAI and DashScope).</summary>
    public string? DefaultModel { get; set; }

    /// <summary>Gets or sets the embedding model used when a request names none. The default depends on the vendor (none for OpenAI and DashScope).</summary>
    public string? DefaultEmbeddingModel { get; set; }

    /// <summary>
    /// Gets or sets the most texts per embedding request; larger batches are split. Null uses the vendor's or model's cap;
    /// the default depends on the vendor (OpenAI 2048, Zhipu 64, DashScope and Qianfan null). Must be at least 1 when set.
    /// </summary>
    public int? MaxEmbeddingBatchSize { get; set; }

    /// <summary>Gets or sets how many parts of a split embedding batch may be in flight at once. The default is 4 (Zhipu: 3). Must be at least 1.</summary>
    public int EmbeddingParallelism { get; set; } = 4;

    /// <summary>Gets or sets retry and timeout settings, validated at startup.</summary>
    public LlmResilienceOptions Resilience { get; set; } = new();
}
