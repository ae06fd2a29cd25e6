namespace LlmClients.IntegrationTests.Conformance;

/// <summary>Chat conformance of Zhipu with the API key sent as a Bearer token.</summary>
public sealed class ZhipuBearerChatConformanceTests(ConformanceEmulator fixture) : ChatClientConformanceTests(fixture)
{
    internal override ConformanceProvider Provider => ConformanceProviders.ZhipuBearer;
}
