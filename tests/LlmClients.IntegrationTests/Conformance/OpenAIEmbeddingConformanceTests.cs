namespace LlmClients.IntegrationTests.Conformance;

/// <summary>Embedding conformance of OpenAI (api.openai.com and OpenAI-compatible endpoints).</summary>
public sealed class OpenAIEmbeddingConformanceTests(ConformanceEmulator fixture) : EmbeddingClientConformanceTests(fixture)
{
    internal override ConformanceProvider Provider => ConformanceProviders.OpenAI;
}
