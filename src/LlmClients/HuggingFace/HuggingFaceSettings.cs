namespace LlmClients.HuggingFace;

/// <summary>What the Hugging Face clients need to know about one instance, resolved from <see cref="HuggingFaceOptions"/>.</summary>
internal sealed record HuggingFaceSettings
{
    /// <summary>The provider name reported in metadata and errors.</summary>
    public const string ProviderName = "huggingface";

    /// <summary>The batch size of the router and endpoints, and of a TEI server without <c>/info</c>: TEI's default <c>--max-client-batch-size</c>.</summary>
    public const int DefaultBatchSize = 32;

    /// <summary>Gets the instance name (the DI key).</summary>
    public required string InstanceName { get; init; }

    /// <summary>Gets the API the base URL serves.</summary>
    public required HuggingFaceApi Api { get; init; }

    /// <summary>Gets the base URL: ending with a slash, except for an endpoint, whose URL is the request target as given.</summary>
    public required Uri BaseUrl { get; init; }

    /// <summary>Gets the default embedding model, or null.</summary>
    public string? DefaultEmbeddingModel { get; init; }

    /// <summary>Gets headers added to every request (<c>X-HF-Bill-To</c>...).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>Gets the configured batch size, or null to use the server's (TEI <c>/info</c>) or <see cref="DefaultBatchSize"/>.</summary>
    public int? MaxEmbeddingBatchSize { get; init; }

    /// <summary>Gets how many parts of a split batch may be in flight at once.</summary>
    public int EmbeddingParallelism { get; init; } = 4;

    /// <summary>Gets whether per-token output is mean-pooled (else refused).</summary>
    public bool MeanPoolTokenEmbeddings { get; init; }

    /// <summary>Gets the instance as the clients report it.</summary>
    public LlmInstanceMetadata Instance => new(InstanceName, ProviderName, "HuggingFace");

    /// <summary>Gets the URL the feature-extraction body goes to (the router's model path, the endpoint itself, or TEI's <c>embed</c>).</summary>
    /// <param name="model">The model (used by <see cref="HuggingFaceApi.Serverless"/> only).</param>
    /// <returns>The URL.</returns>
    public Uri FeatureExtractionUri(string? model) => Api switch
    {
        HuggingFaceApi.Endpoint => BaseUrl,
        HuggingFaceApi.Tei => new Uri(BaseUrl, "embed"),

        // Quirk: the legacy serverless host names the task before the model; the router names the model, then the pipeline.
        _ when BaseUrl.Host.Equals(HuggingFaceOptions.LegacyHost, StringComparison.OrdinalIgnoreCase) => new Uri(BaseUrl, "pipeline/feature-extraction/" + ModelPath(model!)),
        _ => new Uri(BaseUrl, "models/" + ModelPath(model!) + "/pipeline/feature-extraction"),
    };

    /// <summary>Creates a request with the configured headers.</summary>
    /// <param name="uri">The target.</param>
    /// <param name="body">The JSON body, or null for a GET.</param>
    /// <returns>The request.</returns>
    public HttpRequestMessage CreateRequest(Uri uri, byte[]? body)
        => JsonRequests.Create(body is null ? HttpMethod.Get : HttpMethod.Post, uri, body, Headers);

    /// <summary>Escapes each segment of a model id (<c>org/name</c>), keeping the slash between them.</summary>
    private static string ModelPath(string model) => string.Join('/', model.Split('/').Select(Uri.EscapeDataString));
}
