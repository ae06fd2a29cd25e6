using LlmClients.DashScope;
using LlmClients.HuggingFace;
using LlmClients.Qianfan;
using LlmClients.Resilience;
using LlmClients.Spark;
using LlmClients.Testing;
using LlmClients.Testing.HuggingFace;
using LlmClients.Zhipu;
using Microsoft.Extensions.DependencyInjection;

namespace LlmClients.IntegrationTests.Conformance;

/// <summary>The provider flavours under conformance, each pointed at the emulator with test credentials and 1 ms retry delays.</summary>
internal static class ConformanceProviders
{
    private const string OpenAIKey = "sk-conformance-openai-SECRET-0123456789";
    private const string DashScopeKey = "sk-conformance-dashscope-SECRET-0123456789";
    private const string ZhipuKey = "conformance-id.conformance-SECRET-0123456789";
    private const string QianfanAk = "conformance-ak-SECRET-0123456789";
    private const string QianfanSk = "conformance-sk-SECRET-9876543210";
    private const string SparkPassword = "conformance-spark-PASSWORD-0123456789";
    private const string QianfanV2Key = "bce-v3/ALTAK-conformance/SECRET-0123456789";
    private const string HuggingFaceToken = "hf_conformanceSECRET0123456789";

    public static ConformanceProvider OpenAI { get; } = new()
    {
        ProviderName = "openai",
        Register = (b, emulator) => b.AddOpenAI(configure: o =>
        {
            o.ApiKey = OpenAIKey;
            o.BaseUrl = emulator.OpenAI.BaseUri;
            o.DefaultModel = "gpt-4o-mini";
            o.DefaultEmbeddingModel = "text-embedding-3-small";
            FastRetries(o.Resilience);
        }),
        ReplyModel = "gpt-4o-mini",
        ChatPath = "/v1/chat/completions",
        EmbeddingPath = "/v1/embeddings",
        EmbeddingDimensions = EmulatorReplies.DefaultEmbeddingDimensions,
        Secrets = [OpenAIKey],
    };

    public static ConformanceProvider DashScopeNative { get; } =
        DashScope(DashScopeMode.Native, "/text-generation/generation", "/text-embedding/text-embedding", "text-embedding-v2", 1536);

    public static ConformanceProvider DashScopeCompatible { get; } =
        DashScope(DashScopeMode.Compatible, "/compatible-mode/v1/chat/completions", "/compatible-mode/v1/embeddings", "text-embedding-v3", 1024);

    public static ConformanceProvider ZhipuBearer { get; } = Zhipu(ZhipuAuthMode.Bearer);

    public static ConformanceProvider ZhipuJwt { get; } = Zhipu(ZhipuAuthMode.Jwt);

    public static ConformanceProvider QianfanV1 { get; } = new()
    {
        ProviderName = "qianfan",
        Register = (b, emulator) => b.AddQianfan(configure: o =>
        {
            o.ApiKey = QianfanAk;
            o.SecretKey = QianfanSk;
            o.OAuthBaseUrl = emulator.Qianfan.OAuthBaseUri;
            o.BaseUrl = emulator.Qianfan.BaseUri;
            FastRetries(o.Resilience);
        }),
        ReplyModel = "ernie-lite-8k", // The default model; its v1 endpoint has the same name, which is what the emulator echoes.
        ChatPath = "/wenxinworkshop/chat/",
        EmbeddingPath = "/wenxinworkshop/embeddings/",
        EmbeddingDimensions = 384, // embedding-v1
        Secrets = [QianfanAk, QianfanSk, "access_token"],
    };

    public static ConformanceProvider QianfanV2 { get; } = new()
    {
        ProviderName = "qianfan",
        Register = (b, emulator) => b.AddQianfan(configure: o =>
        {
            o.V2ApiKey = QianfanV2Key;
            o.AppId = "app-conformance";
            o.V2BaseUrl = emulator.Qianfan.V2BaseUri;
            FastRetries(o.Resilience);
        }),
        ReplyModel = "ernie-lite-8k",
        ChatPath = "/v2/chat/completions",
        EmbeddingPath = "/v2/embeddings",
        EmbeddingDimensions = EmulatorReplies.DefaultEmbeddingDimensions, // v2 is served by the OpenAI-compatible routes.
        Secrets = [QianfanV2Key],
    };

    public static ConformanceProvider HuggingFaceServerless { get; } = HuggingFace(HuggingFaceApi.Serverless, "/hf/router/hf-inference/models/moka-ai/m3e-base/pipeline/feature-extraction", e => e.HuggingFace.BaseUri);

    public static ConformanceProvider HuggingFaceTei { get; } = HuggingFace(HuggingFaceApi.Tei, "/hf/tei/embed", e => e.HuggingFace.TeiBaseUri);

    public static ConformanceProvider HuggingFaceTeiOpenAI { get; } = HuggingFace(HuggingFaceApi.TeiOpenAI, "/hf/tei/v1/embeddings", e => e.HuggingFace.TeiBaseUri);

    public static ConformanceProvider HuggingFaceEndpoint { get; } = HuggingFace(HuggingFaceApi.Endpoint, "/hf/endpoint", e => e.HuggingFace.EndpointUri);

    public static ConformanceProvider Spark { get; } = new()
    {
        ProviderName = "spark",
        Register = (b, emulator) => b.AddSpark(configure: o =>
        {
            o.ApiKey = SparkPassword;
            o.AppId = emulator.Spark.AppId;
            o.AppKey = emulator.Spark.AppKey;
            o.AppSecret = emulator.Spark.AppSecret;
            o.BaseUrl = emulator.Spark.BaseUri;
            o.X1BaseUrl = emulator.Spark.X1BaseUri;
            o.EmbeddingUrl = emulator.Spark.EmbeddingUri;
            FastRetries(o.Resilience);
        }),
        ReplyModel = "generalv3.5",
        ChatPath = "/spark/v1/chat/completions",
        EmbeddingPath = "/spark/emb/",
        EmbeddingDimensions = 2560,
        TextsPerEmbeddingRequest = 1, // Spark embeds one text per request.
        Secrets = [SparkPassword, "spark-emulator-secret"],
    };

    private static ConformanceProvider DashScope(DashScopeMode mode, string chatPath, string embeddingPath, string embeddingModel, int dimensions) => new()
    {
        ProviderName = "dashscope",
        Register = (b, emulator) => b.AddDashScope(configure: o =>
        {
            o.ApiKey = DashScopeKey;
            o.Mode = mode;
            o.BaseUrl = emulator.DashScope.BaseUri;
            o.CompatibleBaseUrl = emulator.DashScope.CompatibleBaseUri;
            o.DefaultModel = "qwen-turbo";
            o.DefaultEmbeddingModel = embeddingModel;
            FastRetries(o.Resilience);
        }),
        ReplyModel = "qwen-turbo",
        ChatPath = chatPath,
        EmbeddingPath = embeddingPath,
        EmbeddingDimensions = dimensions,
        Secrets = [DashScopeKey],
    };

    private static ConformanceProvider Zhipu(ZhipuAuthMode mode) => new()
    {
        ProviderName = "zhipu",
        Register = (b, emulator) => b.AddZhipu(configure: o =>
        {
            o.ApiKey = ZhipuKey;
            o.AuthMode = mode;
            o.BaseUrl = emulator.Zhipu.BaseUri;
            FastRetries(o.Resilience);
        }),
        ReplyModel = "glm-4",
        ChatPath = "/api/paas/v4/chat/completions",
        EmbeddingPath = "/api/paas/v4/embeddings",
        EmbeddingDimensions = 1024, // embedding-2
        Secrets = [ZhipuKey, ZhipuKey.Split('.')[1]],
    };

    // Embeddings only: ChatPath and ReplyModel are never used (Hugging Face instances have no chat client).
    private static ConformanceProvider HuggingFace(HuggingFaceApi api, string embeddingPath, Func<LlmEmulator, Uri> baseUrl) => new()
    {
        ProviderName = "huggingface",
        Register = (b, emulator) => b.AddHuggingFace(configure: o =>
        {
            o.Api = api;
            o.BaseUrl = baseUrl(emulator);
            o.ApiKey = api is HuggingFaceApi.Serverless or HuggingFaceApi.Endpoint ? HuggingFaceToken : null;
            o.DefaultEmbeddingModel = api == HuggingFaceApi.Serverless ? HuggingFaceEmulator.TeiModelId : null;
            FastRetries(o.Resilience);
        }),
        ReplyModel = "(no chat)",
        ChatPath = "(no chat)",
        EmbeddingPath = embeddingPath,
        EmbeddingDimensions = HuggingFaceEmulator.EmbeddingDimensions,
        Secrets = [HuggingFaceToken],
    };

    private static void FastRetries(LlmResilienceOptions resilience)
    {
        resilience.BaseDelay = TimeSpan.FromMilliseconds(1);
        resilience.MaxDelay = TimeSpan.FromMilliseconds(5);
    }
}
