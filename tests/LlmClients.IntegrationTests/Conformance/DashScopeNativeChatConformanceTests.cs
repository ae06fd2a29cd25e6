namespace LlmClients.IntegrationTests.Conformance;

/// <summary>Chat conformance of DashScope in native mode (/api/v1 text-generation and text-embedding).</summary>
public sealed class DashScopeNativeChatConformanceTests(ConformanceEmulator fixture) : ChatClientConformanceTests(fixture)
{
    internal override ConformanceProvider Provider => ConformanceProviders.DashScopeNative;
}
