namespace LlmClients.IntegrationTests.Conformance;

/// <summary>Embedding conformance of Hugging Face through TEI's OpenAI-compatible /v1/embeddings.</summary>
public sealed class HuggingFaceTeiOpenAIEmbeddingConformanceTests(ConformanceEmulator fixture) : EmbeddingClientConformanceTests(fixture)
{
    internal override ConformanceProvider Provider => ConformanceProviders.HuggingFaceTeiOpenAI;
}
