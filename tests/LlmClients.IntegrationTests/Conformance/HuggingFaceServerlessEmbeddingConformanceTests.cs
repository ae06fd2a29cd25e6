namespace LlmClients.IntegrationTests.Conformance;

/// <summary>Embedding conformance of Hugging Face through router (HF Inference feature extraction).</summary>
public sealed class HuggingFaceServerlessEmbeddingConformanceTests(ConformanceEmulator fixture) : EmbeddingClientConformanceTests(fixture)
{
    internal override ConformanceProvider Provider => ConformanceProviders.HuggingFaceServerless;

    /// <summary>Feature extraction reports no token usage.</summary>
    protected override bool ReportsUsage => false;
}
