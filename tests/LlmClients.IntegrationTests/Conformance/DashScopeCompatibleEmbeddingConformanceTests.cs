namespace LlmClients.IntegrationTests.Conformance;

/// <summary>Embedding conformance of DashScope in OpenAI-compatible mode (/compatible-mode/v1).</summary>
public sealed class DashScopeCompatibleEmbeddingConformanceTests(ConformanceEmulator fixture) : EmbeddingClientConformanceTests(fixture)
{
    internal override ConformanceProvider Provider => ConformanceProviders.DashScopeCompatible;
}
