namespace LlmClients.IntegrationTests.Conformance;

/// <summary>Embedding conformance of Qianfan v1 (AK/SK access token, wenxinworkshop endpoints).</summary>
public sealed class QianfanV1EmbeddingConformanceTests(ConformanceEmulator fixture) : EmbeddingClientConformanceTests(fixture)
{
    internal override ConformanceProvider Provider => ConformanceProviders.QianfanV1;
}
