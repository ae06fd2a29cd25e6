using LlmClients.RateLimiting;
using LlmClients.Resilience;

namespace LlmClients;

/// <summary>
/// Settings every provider instance has, bound from <c>LlmProviders:&lt;name&gt;</c>: credentials, endpoint, extra headers,
/// default models, embedding batching and resilience. Each vendor's options class derives from it and sets its own
/// defaults in its constructor; the vendor's options document them.
/// </summary>
public abstract class LlmProviderOptions
{
    /// <summary>
    /// Initializes a new instance of the <see cref="LlmProviderOptions"/> class with a vendor's defaults; every vendor's options
    /// pass theirs here, and configuration binding may override each one afterwards.
    /// </summary>
    /// <param name="defaultModel">The initial <see cref="DefaultModel"/>; null when the vendor has none.</param>
    /// <param name="defaultEmbeddingModel">The initial <see cref="DefaultEmbeddingModel"/>; null when the vendor has none.</param>
    /// <param name="maxEmbeddingBatchSize">The initial <see cref="MaxEmbeddingBatchSize"/>; null uses the vendor's or model's cap.</param>
    /// <param name="embeddingParallelism">The initial <see cref="EmbeddingParallelism"/>: 4 unless the vendor's quota calls for fewer.</param>
    protected LlmProviderOptions(string? defaultModel = null, string? defaultEmbeddingModel = null, int? maxEmbeddingBatchSize = null, int embeddingParallelism = 4)
    {
        DefaultModel = defaultModel;
        DefaultEmbeddingModel = defaultEmbeddingModel;
        MaxEmbeddingBatchSize = maxEmbeddingBatchSize;
        EmbeddingParallelism = embeddingParallelism;
    }

    /// <summary>Gets or sets the API key. Required; what it is (a bearer key, an application key exchanged for a token...) is described on the vendor's options.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Gets or sets the base URL of the vendor's API. The default (null) is the vendor's public endpoint.</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>Gets or sets extra headers sent with every request. The default is none.</summary>
    public Dictionary<string, string> Headers { get; set; } = [];

    /// <summary>
    /// Gets or sets the chat model used when a request names none (<see cref="ChatOptions.ModelId"/> null or blank). The default
    /// depends on the vendor (see its options). When both are missing, a chat call throws <see cref="InvalidOperationException"/>
    /// naming the instance and this setting, before any network call.
    /// </summary>
    public string? DefaultModel { get; set; }

    /// <summary>
    /// Gets or sets the embedding model used when a request names none (<see cref="EmbeddingGenerationOptions.ModelId"/> null or
    /// blank). The default depends on the vendor (see its options). When both are missing, an embedding call throws
    /// <see cref="InvalidOperationException"/> naming the instance and this setting, before any network call.
    /// </summary>
    public string? DefaultEmbeddingModel { get; set; }

    /// <summary>
    /// Gets or sets the most texts per embedding request; larger batches are split. Null uses the vendor's or model's cap;
    /// the default depends on the vendor (see its options). Must be at least 1 when set.
    /// </summary>
    public int? MaxEmbeddingBatchSize { get; set; }

    /// <summary>Gets or sets how many parts of a split embedding batch may be in flight at once. The default is 4 unless the vendor's options say otherwise. Must be at least 1.</summary>
    public int EmbeddingParallelism { get; set; }

    /// <summary>Gets or sets retry and timeout settings, validated at startup.</summary>
    public LlmResilienceOptions Resilience { get; set; } = new();

    /// <summary>
    /// Gets or sets the client-side limits (<c>LlmProviders:&lt;name&gt;:Limits</c>): requests and tokens per minute and
    /// concurrency, per instance and per model, validated at startup. All off by default; see <see cref="LlmRateLimitOptions"/>.
    /// </summary>
    public LlmRateLimitOptions Limits { get; set; } = new();

    /// <summary>
    /// Gets or sets the OpenTelemetry settings (<c>LlmProviders:&lt;name&gt;:Telemetry</c>): on by default, without message
    /// contents; <c>Telemetry:Enabled = false</c> turns the instance's spans and metrics off.
    /// </summary>
    public LlmTelemetryOptions Telemetry { get; set; } = new();

    /// <summary>
    /// The headers every request of the instance carries: a copy of <see cref="Headers"/> (names compared ignoring case, as
    /// HTTP does) plus each vendor header whose value is set; a vendor header wins over a same-named entry of <see cref="Headers"/>.
    /// </summary>
    /// <param name="vendorHeaders">The vendor's own headers from its options, for example <c>("OpenAI-Project", Project)</c>; blank values are left out.</param>
    /// <returns>A new dictionary the caller owns.</returns>
    internal Dictionary<string, string> RequestHeaders(params (string Name, string? Value)[] vendorHeaders)
    {
        // An array, not a span: once per client, and a span of tuples would cost a cold start several jitted helpers.
        var headers = new Dictionary<string, string>(Headers, StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in vendorHeaders)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                headers[name] = value;
            }
        }

        return headers;
    }
}
