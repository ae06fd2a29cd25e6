namespace LlmClients.IntegrationTests.Conformance;

/// <summary>Embedding conformance of Qianfan v2 (bce-v3 key, OpenAI-compatible /v2).</summary>
public sealed class QianfanV2EmbeddingConformanceTests(ConformanceEmulator fixture) : EmbeddingClientConformanceTests(fixture)
{
    internal override ConformanceProvider Provider => ConformanceProviders.QianfanV2;
}
