namespace LlmClients.HuggingFace;

/// <summary>
/// Settings of a Hugging Face embeddings instance, bound from <c>LlmProviders:&lt;name&gt;</c> with <c>Provider: HuggingFace</c>:
/// HF Inference (the Inference Providers router), a dedicated Inference Endpoint, or a self-hosted text-embeddings-inference
/// (TEI) server (see <see cref="HuggingFaceApi"/>). Embeddings only: the instance has no chat client.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="LlmProviderOptions.ApiKey"/> is the Hugging Face token (<c>hf_...</c>, with the "Inference Providers" permission),
/// sent as <c>Authorization: Bearer</c>. For <see cref="HuggingFaceApi.Serverless"/> and <see cref="HuggingFaceApi.Endpoint"/> it
/// is required and, when not set, read from <c>HF_TOKEN</c>, then <c>HUGGING_FACE_HUB_TOKEN</c> (as huggingface_hub does). For a
/// TEI server it is optional (TEI's <c>--api-key</c>, which must match exactly) and never taken from the environment, so a
/// Hugging Face token is not sent to a server of someone else.
/// </para>
/// <para>
/// <see cref="LlmProviderOptions.MaxEmbeddingBatchSize"/>: when null (the default), a TEI instance reads
/// <c>max_client_batch_size</c> from <c>GET /info</c> once (cached; 32, TEI's default, when the server has no <c>/info</c>),
/// and the router and endpoints send at most 32 texts per request. <see cref="LlmProviderOptions.DefaultEmbeddingModel"/> has
/// no default: the router needs a model per request (<c>EmbeddingGenerationOptions.ModelId</c> or this setting, for example
/// <c>moka-ai/m3e-base</c>); an endpoint or TEI server serves one model and needs none (TEI reports its <c>model_id</c>).
/// </para>
/// </remarks>
public sealed class HuggingFaceOptions : LlmProviderOptions
{
    /// <summary>
    /// Initializes a new instance of the <see cref="HuggingFaceOptions"/> class: no default model, batch size from the server
    /// (see the remarks), 4 embedding requests in flight.
    /// </summary>
    public HuggingFaceOptions()
    {
    }

    /// <summary>The endpoint used when no base URL is configured: HF Inference on the router, <c>https://router.huggingface.co/hf-inference/</c>.</summary>
    public static readonly Uri DefaultBaseUrl = new("https://router.huggingface.co/hf-inference/");

    /// <summary>
    /// Gets or sets which API the base URL serves. The default (null) is inferred from <see cref="LlmProviderOptions.BaseUrl"/>:
    /// <see cref="HuggingFaceApi.Serverless"/> when it is unset or on <c>router.huggingface.co</c> /
    /// <c>api-inference.huggingface.co</c>, <see cref="HuggingFaceApi.Endpoint"/> on <c>*.endpoints.huggingface.cloud</c>, and
    /// <see cref="HuggingFaceApi.Tei"/> (a self-hosted TEI server) anywhere else.
    /// </summary>
    public HuggingFaceApi? Api { get; set; }

    /// <summary>
    /// Gets or sets whether per-token output is mean-pooled into one vector per text. A plain transformers model (not a
    /// sentence-transformers one) answers feature extraction with one vector per token (3-D or 4-D JSON); by default
    /// (false) that is refused with an <see cref="LlmRequestException"/> of kind <see cref="LlmErrorKind.InvalidResponse"/>,
    /// because the right pooling (mean, CLS, last token) depends on the model and a wrong one gives vectors that look fine
    /// but rank badly. Set it to true to average the token vectors (then L2-normalize them unless
    /// <see cref="HuggingFaceEmbeddingProperties.Normalize"/> is false).
    /// </summary>
    public bool MeanPoolTokenEmbeddings { get; set; }

    /// <summary>Returns the API a base URL serves when <see cref="Api"/> is not set (see <see cref="Api"/>).</summary>
    /// <param name="api">The configured API, or null.</param>
    /// <param name="baseUrl">The configured base URL, or null for <see cref="DefaultBaseUrl"/>.</param>
    /// <returns>The API.</returns>
    internal static HuggingFaceApi Resolve(HuggingFaceApi? api, Uri? baseUrl)
    {
        if (api is { } configured)
        {
            return configured;
        }

        if (baseUrl is not { IsAbsoluteUri: true })
        {
            return HuggingFaceApi.Serverless;
        }

        var host = baseUrl.Host;
        return host.Equals("router.huggingface.co", StringComparison.OrdinalIgnoreCase) || host.Equals(LegacyHost, StringComparison.OrdinalIgnoreCase)
            ? HuggingFaceApi.Serverless
            : host.EndsWith(".endpoints.huggingface.cloud", StringComparison.OrdinalIgnoreCase) ? HuggingFaceApi.Endpoint : HuggingFaceApi.Tei;
    }

    /// <summary>The legacy serverless host, whose feature-extraction path is <c>pipeline/feature-extraction/{model}</c>.</summary>
    internal const string LegacyHost = "api-inference.huggingface.co";
}
