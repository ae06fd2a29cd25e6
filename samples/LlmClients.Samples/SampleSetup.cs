using LlmClients.Testing;

namespace LlmClients.Samples;

/// <summary>Builds the provider configuration: from environment variables for real services, or pointing every vendor at the emulator.</summary>
internal static class SampleSetup
{
    private static readonly string[] KeyVariables = ["OPENAI_API_KEY", "DASHSCOPE_API_KEY", "ZHIPUAI_API_KEY", "QIANFAN_AK", "QIANFAN_API_KEY", "HF_TEI_URL", "HF_TOKEN", "SPARK_API_PASSWORD", "SPARK_API_SECRET"];

    public static bool HasAnyApiKey() => KeyVariables.Any(v => !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(v)));

    /// <summary>Real services: one instance per vendor whose key is set (the keys themselves are read by the providers' environment fallbacks).</summary>
    public static Dictionary<string, string?> RealSettings()
    {
        var settings = new Dictionary<string, string?>();
        if (Has("OPENAI_API_KEY"))
        {
            settings["LlmProviders:openai:DefaultModel"] = "gpt-4o-mini";
            settings["LlmProviders:openai:DefaultEmbeddingModel"] = "text-embedding-3-small";
            if (Has("OPENAI_BASE_URL"))
            {
                // A custom OpenAI-compatible base URL, as the seed's embedding printout uses.
                settings["LlmProviders:openai:BaseUrl"] = Environment.GetEnvironmentVariable("OPENAI_BASE_URL");
            }
        }

        if (Has("DASHSCOPE_API_KEY"))
        {
            settings["LlmProviders:dashscope:DefaultModel"] = "qwen-plus";
            settings["LlmProviders:dashscope:DefaultEmbeddingModel"] = "text-embedding-v4";
        }

        if (Has("ZHIPUAI_API_KEY"))
        {
            settings["LlmProviders:zhipu:DefaultModel"] = "glm-4-flash";
            settings["LlmProviders:zhipu:DefaultEmbeddingModel"] = "embedding-2";
        }

        if (Has("QIANFAN_AK") || Has("QIANFAN_API_KEY"))
        {
            // Credentials come from QIANFAN_AK/QIANFAN_SK (v1) or QIANFAN_API_KEY (v2).
            settings["LlmProviders:qianfan:DefaultModel"] = "ERNIE-Speed-8K";
        }

        if (Has("HF_TEI_URL"))
        {
            // A self-hosted TEI server serving moka-ai/m3e-base (no token unless it runs with --api-key).
            settings["LlmProviders:huggingface:BaseUrl"] = Environment.GetEnvironmentVariable("HF_TEI_URL");
            settings["LlmProviders:huggingface:DefaultEmbeddingModel"] = "moka-ai/m3e-base";
        }
        else if (Has("HF_TOKEN"))
        {
            // HF Inference on the router; the token comes from HF_TOKEN.
            settings["LlmProviders:huggingface:DefaultEmbeddingModel"] = "moka-ai/m3e-base";
        }

        if (Has("SPARK_API_PASSWORD") || Has("SPARK_API_SECRET"))
        {
            // Credentials come from SPARK_API_PASSWORD (chat) and SPARK_APP_ID/SPARK_API_KEY/SPARK_API_SECRET (embeddings).
            settings["LlmProviders:spark:DefaultModel"] = "generalv3.5";
        }

        return settings;
    }

    /// <summary>Emulator: every vendor pointed at the loopback emulator with obvious fake keys.</summary>
    public static Dictionary<string, string?> EmulatorSettings(LlmEmulator emulator) => new()
    {
        ["LlmProviders:openai:BaseUrl"] = emulator.OpenAI.BaseUri.ToString(),
        ["LlmProviders:openai:ApiKey"] = "emulator-not-a-real-key",
        ["LlmProviders:openai:DefaultModel"] = "gpt-4o-mini",
        ["LlmProviders:openai:DefaultEmbeddingModel"] = "text-embedding-3-small",
        ["LlmProviders:dashscope:BaseUrl"] = emulator.DashScope.BaseUri.ToString(),
        ["LlmProviders:dashscope:ApiKey"] = "emulator-not-a-real-key",
        ["LlmProviders:dashscope:DefaultModel"] = "qwen-plus",
        ["LlmProviders:dashscope:DefaultEmbeddingModel"] = "text-embedding-v4",
        ["LlmProviders:zhipu:BaseUrl"] = emulator.Zhipu.BaseUri.ToString(),
        ["LlmProviders:zhipu:ApiKey"] = "emulator-id.not-a-real-secret",
        ["LlmProviders:zhipu:DefaultModel"] = "glm-4",
        ["LlmProviders:zhipu:DefaultEmbeddingModel"] = "embedding-2",
        ["LlmProviders:qianfan:ApiKey"] = "emulator-ak",
        ["LlmProviders:qianfan:SecretKey"] = "emulator-sk",
        ["LlmProviders:qianfan:OAuthBaseUrl"] = emulator.Qianfan.OAuthBaseUri.ToString(),
        ["LlmProviders:qianfan:BaseUrl"] = emulator.Qianfan.BaseUri.ToString(),
        ["LlmProviders:huggingface:BaseUrl"] = emulator.HuggingFace.TeiBaseUri.ToString(),
        ["LlmProviders:huggingface:DefaultEmbeddingModel"] = "moka-ai/m3e-base",
        ["LlmProviders:spark:ApiKey"] = "emulator-not-a-real-password",
        ["LlmProviders:spark:AppId"] = emulator.Spark.AppId,
        ["LlmProviders:spark:AppKey"] = emulator.Spark.AppKey,
        ["LlmProviders:spark:AppSecret"] = emulator.Spark.AppSecret,
        ["LlmProviders:spark:BaseUrl"] = emulator.Spark.BaseUri.ToString(),
        ["LlmProviders:spark:X1BaseUrl"] = emulator.Spark.X1BaseUri.ToString(),
        ["LlmProviders:spark:EmbeddingUrl"] = emulator.Spark.EmbeddingUri.ToString(),
    };

    private static bool Has(string variable) => !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(variable));
}
