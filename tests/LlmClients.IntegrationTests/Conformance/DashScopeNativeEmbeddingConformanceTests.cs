namespace LlmClients.IntegrationTests.Conformance;

/// <summary>Embedding conformance of DashScope in native mode (/api/v1 text-generation and text-embedding).</summary>
public sealed class DashScopeNativeEmbeddingConformanceTests(ConformanceEmulator fixture) : EmbeddingClientConformanceTests(fixture)
{
    internal override ConformanceProvider Provider => ConformanceProviders.DashScopeNative;
}
