using System.Collections.Frozen;

namespace LlmClients.Qianfan;

/// <summary>
/// The model catalogue of Qianfan v1, kept as data: chat model name to endpoint slug, embedding model name to endpoint slug,
/// per-request text caps and vector sizes. Lookups ignore case, so v2-style ids (<c>ernie-lite-8k</c>) work too.
/// </summary>
/// <remarks>
/// Source: Baidu's model list ([QF] <c>_ChatCompletionV1._local_models</c> with its aliases, [QF] Go
/// <c>ChatModelEndpoint</c>, [L4J] <c>QianfanChatModelNameEnum</c>). Users' own deployments go through
/// <see cref="QianfanOptions.CustomEndpoints"/> / <see cref="QianfanOptions.CustomEmbeddingEndpoints"/>.
/// </remarks>
internal static class QianfanModels
{
    /// <summary>The most texts one v1 embedding request takes, except tao-8k.</summary>
    public const int MaxEmbeddingBatch = 16;

    // Quirk: endpoint slugs are irregular (ERNIE-4.0-8K -> completions_pro, ERNIE-Bot-turbo -> eb-instant, ERNIE-Speed-8K -> ernie_speed).
    private static readonly FrozenDictionary<string, string> Chat = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["ERNIE-Bot-turbo"] = "eb-instant", // deprecated alias of ERNIE-Lite-8K-0922
        ["ERNIE-Lite-8K-0922"] = "eb-instant",
        ["ERNIE-Lite-8K"] = "ernie-lite-8k", // alias of ERNIE-Lite-8K-0308
        ["ERNIE-Lite-8K-0308"] = "ernie-lite-8k",
        ["ERNIE-Bot"] = "completions", // deprecated alias of ERNIE-3.5-8K
        ["ERNIE-3.5-8K"] = "completions",
        ["ERNIE 3.5"] = "completions",
        ["ERNIE-Bot-4"] = "completions_pro", // deprecated alias of ERNIE-4.0-8K
        ["ERNIE-4.0-8K"] = "completions_pro",
        ["ERNIE-4.0-8K-Preview-0518"] = "completions_adv_pro",
        ["ERNIE-4.0-8K-Latest"] = "ernie-4.0-8k-latest",
        ["ERNIE-4.0-8K-0613"] = "ernie-4.0-8k-0613",
        ["ERNIE-4.0-8K-0329"] = "ernie-4.0-8k-0329",
        ["ERNIE-4.0-8K-0104"] = "ernie-4.0-8k-0104",
        ["ERNIE-4.0-8K-preview"] = "ernie-4.0-8k-preview",
        ["ERNIE-4.0-preview"] = "ernie-4.0-8k-preview",
        ["ERNIE-4.0-Turbo-8K"] = "ernie-4.0-turbo-8k",
        ["ERNIE-4.0-Turbo-8K-Latest"] = "ernie-4.0-turbo-8k-latest",
        ["ERNIE-4.0-Turbo-8K-Preview"] = "ernie-4.0-turbo-8k-preview",
        ["ERNIE-3.5-8K-0701"] = "ernie-3.5-8k-0701",
        ["ERNIE-3.5-8K-0613"] = "ernie-3.5-8k-0613",
        ["ERNIE-3.5-8K-0329"] = "ernie-3.5-8k-0329",
        ["ERNIE-3.5-8K-0205"] = "ernie-3.5-8k-0205",
        ["ERNIE-3.5-8K-preview"] = "ernie-3.5-8k-preview",
        ["ERNIE-3.5-preview"] = "ernie-3.5-8k-preview",
        ["ERNIE-3.5-128K"] = "ernie-3.5-128k",
        ["ERNIE-3.5-4K-0205"] = "ernie-3.5-4k-0205", // Go SDK only; retired 2024-05-30
        ["ERNIE-3.5-8K-1222"] = "ernie-3.5-8k-1222", // Go SDK only
        ["ERNIE-Bot-8K"] = "ernie_bot_8k", // Go SDK, L4J
        ["ERNIE-Speed-8K"] = "ernie_speed",
        ["ERNIE-Speed"] = "ernie_speed",
        ["ERNIE Speed"] = "ernie_speed",
        ["ERNIE-Speed-128K"] = "ernie-speed-128k",
        ["ERNIE-Speed-Pro-8K"] = "ernie-speed-pro-8k",
        ["ERNIE-Speed-Pro-128K"] = "ernie-speed-pro-128k",
        ["ERNIE Speed-AppBuilder"] = "ai_apaas",
        ["EB-turbo-AppBuilder"] = "ai_apaas", // deprecated alias
        ["ERNIE-Bot-turbo-AI"] = "ai_apaas", // deprecated alias
        ["ERNIE-Lite-AppBuilder-8K-0614"] = "ai_apaas_lite",
        ["ERNIE-Lite-Pro-8K"] = "ernie-lite-pro-8k",
        ["ERNIE-Lite-128K"] = "ernie-lite-pro-128k", // L4J only
        ["ERNIE-Lite-V"] = "ernie-lite-v",
        ["ERNIE-Tiny-8K"] = "ernie-tiny-8k",
        ["ERNIE-Novel-8K"] = "ernie-novel-8k",
        ["ERNIE-Function-8K"] = "ernie-func-8k",
        ["ERNIE-Functions-8K"] = "ernie-func-8k",
        ["ERNIE-Character-8K"] = "ernie-char-8k",
        ["ERNIE-Character-Fiction-8K"] = "ernie-char-fiction-8k",
        ["Qianfan-Dynamic-8K"] = "qianfan-dynamic-8k",
        ["ERNIE-4.5-Turbo-128K"] = "ernie-4.5-turbo-128k", // L4J only
        ["ERNIE-4.5-Turbo-32K"] = "ernie-4.5-turbo-32k", // L4J only
        ["BLOOMZ-7B"] = "bloomz_7b1",
        ["Llama-2-7B-Chat"] = "llama_2_7b",
        ["Llama-2-13B-Chat"] = "llama_2_13b",
        ["Llama-2-70B-Chat"] = "llama_2_70b",
        ["Meta-Llama-3-8B"] = "llama_3_8b",
        ["Meta-Llama-3-70B"] = "llama_3_70b",
        ["Qianfan-BLOOMZ-7B-compressed"] = "qianfan_bloomz_7b_compressed",
        ["Qianfan-Chinese-Llama-2-7B"] = "qianfan_chinese_llama_2_7b",
        ["Qianfan-Chinese-Llama-2-13B"] = "qianfan_chinese_llama_2_13b",
        ["Qianfan-Chinese-Llama-2-70B"] = "qianfan_chinese_llama_2_70b",
        ["ChatGLM2-6B-32K"] = "chatglm2_6b_32k",
        ["AquilaChat-7B"] = "aquilachat_7b",
        ["XuanYuan-70B-Chat-4bit"] = "xuanyuan_70b_chat",
        ["ChatLaw"] = "chatlaw",
        ["Yi-34B-Chat"] = "yi_34b_chat",
        ["Mixtral-8x7B-Instruct"] = "mixtral_8x7b_instruct",
        ["Gemma-7B-it"] = "gemma_7b_it",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    // Quirk: underscores in bge/tao endpoints, a hyphen in embedding-v1; tao-8k takes one text per request.
    private static readonly FrozenDictionary<string, EmbeddingModel> Embedding = new Dictionary<string, EmbeddingModel>(StringComparer.OrdinalIgnoreCase)
    {
        ["Embedding-V1"] = new("embedding-v1", 384, MaxEmbeddingBatch),
        ["bge-large-zh"] = new("bge_large_zh", 1024, MaxEmbeddingBatch),
        ["bge_large_zh"] = new("bge_large_zh", 1024, MaxEmbeddingBatch),
        ["bge-large-en"] = new("bge_large_en", 1024, MaxEmbeddingBatch),
        ["bge_large_en"] = new("bge_large_en", 1024, MaxEmbeddingBatch),
        ["tao-8k"] = new("tao_8k", 1024, 1),
        ["tao_8k"] = new("tao_8k", 1024, 1),
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets the known chat model names.</summary>
    public static IEnumerable<string> ChatModels => Chat.Keys;

    /// <summary>Resolves a chat model to its endpoint slug: a custom endpoint first, then the catalogue.</summary>
    /// <param name="model">The model name.</param>
    /// <param name="custom">The configured custom endpoints (model to slug).</param>
    /// <param name="instanceName">The instance name, for the message.</param>
    /// <returns>The endpoint slug.</returns>
    /// <exception cref="InvalidOperationException">The model is unknown and has no custom endpoint.</exception>
    public static string ChatEndpoint(string model, IReadOnlyDictionary<string, string> custom, string instanceName)
    {
        if (custom.TryGetValue(model, out var endpoint) || Chat.TryGetValue(model, out endpoint))
        {
            return endpoint;
        }

        throw new InvalidOperationException(
            $"Qianfan model '{model}' has no known v1 endpoint. Use a catalogue name such as ERNIE-4.0-8K, ERNIE-Speed-8K or ERNIE-Lite-8K, "
            + $"or map your own deployment with the configuration key 'LlmProviders:{instanceName}:CustomEndpoints:{model}' = '<endpoint>' (the part after .../wenxinworkshop/chat/).");
    }

    /// <summary>Resolves an embedding model: a custom endpoint first (16 texts per request, size unknown), then the catalogue.</summary>
    /// <param name="model">The model name.</param>
    /// <param name="custom">The configured custom embedding endpoints.</param>
    /// <param name="instanceName">The instance name, for the message.</param>
    /// <returns>The endpoint, its vector size (0 when unknown) and its per-request cap.</returns>
    /// <exception cref="InvalidOperationException">The model is unknown and has no custom endpoint.</exception>
    public static EmbeddingModel EmbeddingEndpoint(string model, IReadOnlyDictionary<string, string> custom, string instanceName)
    {
        if (custom.TryGetValue(model, out var endpoint))
        {
            return new EmbeddingModel(endpoint, 0, MaxEmbeddingBatch);
        }

        if (Embedding.TryGetValue(model, out var known))
        {
            return known;
        }

        throw new InvalidOperationException(
            $"Qianfan embedding model '{model}' has no known v1 endpoint. Use Embedding-V1, bge-large-zh, bge-large-en or tao-8k, "
            + $"or map your own deployment with 'LlmProviders:{instanceName}:CustomEmbeddingEndpoints:{model}' = '<endpoint>' (the part after .../wenxinworkshop/embeddings/).");
    }

    /// <summary>A v1 embedding endpoint.</summary>
    /// <param name="Endpoint">The slug after <c>/embeddings/</c>.</param>
    /// <param name="Dimensions">The vector size, 0 when unknown (custom deployments).</param>
    /// <param name="MaxBatch">The most texts per request.</param>
    internal readonly record struct EmbeddingModel(string Endpoint, int Dimensions, int MaxBatch);
}
