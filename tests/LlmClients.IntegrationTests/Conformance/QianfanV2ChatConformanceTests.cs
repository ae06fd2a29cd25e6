namespace LlmClients.IntegrationTests.Conformance;

/// <summary>Chat conformance of Qianfan v2 (bce-v3 key, OpenAI-compatible /v2).</summary>
public sealed class QianfanV2ChatConformanceTests(ConformanceEmulator fixture) : ChatClientConformanceTests(fixture)
{
    internal override ConformanceProvider Provider => ConformanceProviders.QianfanV2;
}
