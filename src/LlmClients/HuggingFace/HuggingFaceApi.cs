namespace LlmClients.HuggingFace;

/// <summary>Which Hugging Face API a <see cref="HuggingFaceOptions"/> instance calls, and so which URL shape and body it uses.</summary>
public enum HuggingFaceApi
{
    /// <summary>
    /// HF Inference through the Inference Providers router: <c>POST {BaseUrl}models/{model}/pipeline/feature-extraction</c> with
    /// <c>{"inputs": ...}</c>, the model named per request (the default base URL is
    /// <c>https://router.huggingface.co/hf-inference/</c>). On the legacy host <c>api-inference.huggingface.co</c> the path
    /// is <c>pipeline/feature-extraction/{model}</c>. Needs a token.
    /// </summary>
    Serverless = 0,

    /// <summary>
    /// A dedicated Inference Endpoint (<c>https://{id}.{region}.{cloud}.endpoints.huggingface.cloud</c>): <c>POST</c> to the
    /// base URL exactly as given, with <c>{"inputs": ...}</c>, as huggingface_hub does; the endpoint serves one model. Needs a token.
    /// </summary>
    Endpoint = 1,

    /// <summary>
    /// A text-embeddings-inference (TEI) server: <c>POST {BaseUrl}embed</c>, with its batch limit read once from
    /// <c>GET {BaseUrl}info</c> unless <see cref="LlmProviderOptions.MaxEmbeddingBatchSize"/> is set. The token is optional
    /// (TEI's <c>--api-key</c>).
    /// </summary>
    Tei = 2,

    /// <summary>
    /// A TEI server through its OpenAI-compatible route <c>POST {BaseUrl}v1/embeddings</c>, sent by the shared OpenAI-compatible
    /// embedding client. That route always normalizes and ignores <c>truncate</c>, so those options are refused for it.
    /// </summary>
    TeiOpenAI = 3,
}
