namespace LlmClients.IntegrationTests.Conformance;

/// <summary>Embedding conformance of Zhipu with the API key sent as a Bearer token.</summary>
public sealed class ZhipuBearerEmbeddingConformanceTests(ConformanceEmulator fixture) : EmbeddingClientConformanceTests(fixture)
{
    internal override ConformanceProvider Provider => ConformanceProviders.ZhipuBearer;
}
