using LlmClients.OpenAI;
using LlmClients.OpenAICompatible;
using LlmClients.Resilience;
using LlmClients.Tests.TestSupport;

namespace LlmClients.Tests.OpenAICompatible;

internal static class OpenAITestClients
{
    public const string BaseUrl = "https://api.test/v1/";

    public static OpenAICompatibleSettings Settings(string? defaultModel = "gpt-4o-mini") => new()
    {
        ProviderName = "openai",
        InstanceName = "openai",
        BaseUrl = new Uri(BaseUrl),
        DefaultModel = defaultModel,
        DefaultEmbeddingModel = "text-embedding-3-small",
        Headers = new Dictionary<string, string> { ["OpenAI-Organization"] = "org-test" },
        MaxEmbeddingBatchSize = 2,
        EmbeddingParallelism = 2,
    };

    public static OpenAIChatClient Chat(HttpMessageHandler handler, OpenAICompatibleSettings? settings = null, LlmResilienceOptions? options = null, TimeProvider? time = null)
        => new(TestTransport.Create(handler, new OpenAIErrorMapper("openai"), options, time), settings ?? Settings());

    public static OpenAIEmbeddingClient Embeddings(HttpMessageHandler handler, OpenAICompatibleSettings? settings = null)
        => new(TestTransport.Create(handler, new OpenAIErrorMapper("openai")), settings ?? Settings());

    public static HttpContent Sse(string body) => new StringContent(body, System.Text.Encoding.UTF8, "text/event-stream");
}
