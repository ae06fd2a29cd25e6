namespace LlmClients.IntegrationTests.Conformance;

/// <summary>Chat conformance of OpenAI (api.openai.com and OpenAI-compatible endpoints).</summary>
public sealed class OpenAIChatConformanceTests(ConformanceEmulator fixture) : ChatClientConformanceTests(fixture)
{
    internal override ConformanceProvider Provider => ConformanceProviders.OpenAI;
}
