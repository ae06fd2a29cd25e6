namespace LlmClients.IntegrationTests.Conformance;

/// <summary>Chat conformance of DashScope in OpenAI-compatible mode (/compatible-mode/v1).</summary>
public sealed class DashScopeCompatibleChatConformanceTests(ConformanceEmulator fixture) : ChatClientConformanceTests(fixture)
{
    internal override ConformanceProvider Provider => ConformanceProviders.DashScopeCompatible;
}
