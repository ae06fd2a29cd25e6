namespace LlmClients.IntegrationTests.Conformance;

/// <summary>Embedding conformance of iFlytek Spark (signed-URL embeddings, one text per request).</summary>
public sealed class SparkEmbeddingConformanceTests(ConformanceEmulator fixture) : EmbeddingClientConformanceTests(fixture)
{
    internal override ConformanceProvider Provider => ConformanceProviders.Spark;

    /// <summary>Spark's embedding answer carries no token usage.</summary>
    protected override bool ReportsUsage => false;
}
