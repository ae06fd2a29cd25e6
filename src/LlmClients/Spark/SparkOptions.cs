namespace LlmClients.Spark;

/// <summary>
/// Settings of an iFlytek Spark (讯飞星火) provider instance, bound from <c>LlmProviders:&lt;name&gt;</c> with
/// <c>Provider: Spark</c>. Spark uses two sets of credentials from the iFlytek console: chat (HTTP) takes the
/// "APIPassword" as a bearer token (<see cref="LlmProviderOptions.ApiKey"/>), and embeddings take the application's
/// APPID, APIKey and APISecret (<see cref="AppId"/>, <see cref="AppKey"/>, <see cref="AppSecret"/>) to sign each request
/// URL with HMAC-SHA256. Set the ones for the APIs you call: at least one set is required, and a call to an API whose
/// credentials are missing throws <see cref="InvalidOperationException"/> before any request. When not set,
/// <see cref="LlmProviderOptions.ApiKey"/> falls back to <c>SPARK_API_PASSWORD</c>, <see cref="AppId"/> to
/// <c>SPARK_APP_ID</c>, <see cref="AppKey"/> to <c>SPARK_API_KEY</c> and <see cref="AppSecret"/> to <c>SPARK_API_SECRET</c>
/// (the names LangChain's Spark embeddings read), and <see cref="LlmProviderOptions.BaseUrl"/> to <c>SPARK_BASE_URL</c>.
/// </summary>
public sealed class SparkOptions : LlmProviderOptions
{
    /// <summary>
    /// Initializes a new instance of the <see cref="SparkOptions"/> class with Spark's defaults: chat model
    /// <c>generalv3.5</c> (Spark Max), embedding model name <c>spark-embedding</c> (reported only: the embedding endpoint
    /// has a single model, 2560 dimensions), one text per embedding request (the API embeds one text per call) and 2
    /// embedding requests in flight (iFlytek's default application quota is a few requests per second).
    /// </summary>
    public SparkOptions()
        : base("generalv3.5", "spark-embedding", maxEmbeddingBatchSize: 1, embeddingParallelism: 2)
    {
    }

    /// <summary>The chat endpoint used when no base URL is configured: <c>https://spark-api-open.xf-yun.com/v1/</c>.</summary>
    public static readonly Uri DefaultBaseUrl = new("https://spark-api-open.xf-yun.com/v1/");

    /// <summary>The X1 reasoning models' endpoint used when none is configured: <c>https://spark-api-open.xf-yun.com/v2/</c>.</summary>
    public static readonly Uri DefaultX1BaseUrl = new("https://spark-api-open.xf-yun.com/v2/");

    /// <summary>The embedding endpoint used when none is configured: <c>https://emb-cn-huabei-1.xf-yun.com/</c>.</summary>
    public static readonly Uri DefaultEmbeddingUrl = new("https://emb-cn-huabei-1.xf-yun.com/");

    /// <summary>
    /// Gets or sets the base URL of the X1 reasoning models' <c>chat/completions</c>. The default (null) is
    /// <see cref="DefaultX1BaseUrl"/>; X1-Preview lives at <c>https://spark-api-open-preview.xf-yun.com/v2/</c>.
    /// </summary>
    public Uri? X1BaseUrl { get; set; }

    /// <summary>
    /// Gets or sets the chat models sent to <see cref="X1BaseUrl"/> instead of <see cref="LlmProviderOptions.BaseUrl"/>
    /// (compared case-insensitively). The default is <c>x1</c> and <c>spark-x</c>: iFlytek's X1 page names the model
    /// <c>x1</c>, its Java SDK has sent <c>spark-x</c> since the X1.5 upgrade.
    /// </summary>
    public List<string> X1Models { get; set; } = ["x1", "spark-x"];

    /// <summary>Gets or sets the embedding endpoint, whose path is signed. The default (null) is <see cref="DefaultEmbeddingUrl"/>.</summary>
    public Uri? EmbeddingUrl { get; set; }

    /// <summary>Gets or sets the application's APPID (sent in the embedding body's <c>header.app_id</c>). Required for embeddings.</summary>
    public string? AppId { get; set; }

    /// <summary>Gets or sets the application's APIKey (named in the signed <c>authorization</c>). Required for embeddings.</summary>
    public string? AppKey { get; set; }

    /// <summary>
    /// Gets or sets the application's APISecret, the HMAC-SHA256 key of the URL signature. Required for embeddings. It is
    /// never sent, logged or put in a message; only the signature made with it travels.
    /// </summary>
    public string? AppSecret { get; set; }
}
