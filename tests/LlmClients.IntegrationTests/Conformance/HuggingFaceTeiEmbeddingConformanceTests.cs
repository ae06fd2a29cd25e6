namespace LlmClients.IntegrationTests.Conformance;

/// <summary>Embedding conformance of Hugging Face through TEI /embed.</summary>
public sealed class HuggingFaceTeiEmbeddingConformanceTests(ConformanceEmulator fixture) : EmbeddingClientConformanceTests(fixture)
{
    internal override ConformanceProvider Provider => ConformanceProviders.HuggingFaceTei;

    /// <summary>Feature extraction reports no token usage.</summary>
    protected override bool ReportsUsage => false;
}
