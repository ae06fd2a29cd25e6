namespace LlmClients.IntegrationTests.Conformance;

/// <summary>Chat conformance of Qianfan v1 (AK/SK access token, wenxinworkshop endpoints).</summary>
public sealed class QianfanV1ChatConformanceTests(ConformanceEmulator fixture) : ChatClientConformanceTests(fixture)
{
    internal override ConformanceProvider Provider => ConformanceProviders.QianfanV1;
}
