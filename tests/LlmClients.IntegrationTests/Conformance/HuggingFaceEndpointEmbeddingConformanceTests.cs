namespace LlmClients.IntegrationTests.Conformance;

/// <summary>Embedding conformance of Hugging Face through a dedicated Inference Endpoint.</summary>
public sealed class HuggingFaceEndpointEmbeddingConformanceTests(ConformanceEmulator fixture) : EmbeddingClientConformanceTests(fixture)
{
    internal override ConformanceProvider Provider => ConformanceProviders.HuggingFaceEndpoint;

    /// <summary>Feature extraction reports no token usage.</summary>
    protected override bool ReportsUsage => false;
}
