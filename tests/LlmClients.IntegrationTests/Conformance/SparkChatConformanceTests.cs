namespace LlmClients.IntegrationTests.Conformance;

/// <summary>Chat conformance of iFlytek Spark (HTTP chat, bearer APIPassword).</summary>
public sealed class SparkChatConformanceTests(ConformanceEmulator fixture) : ChatClientConformanceTests(fixture)
{
    internal override ConformanceProvider Provider => ConformanceProviders.Spark;
}
