namespace LlmClients.IntegrationTests.Conformance;

/// <summary>Embedding conformance of Zhipu with a signed JWT (AuthMode = Jwt).</summary>
public sealed class ZhipuJwtEmbeddingConformanceTests(ConformanceEmulator fixture) : EmbeddingClientConformanceTests(fixture)
{
    internal override ConformanceProvider Provider => ConformanceProviders.ZhipuJwt;
}
