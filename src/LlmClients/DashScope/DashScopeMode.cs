namespace LlmClients.DashScope;

/// <summary>Which DashScope API an instance talks to for chat and embeddings.</summary>
public enum DashScopeMode
{
    /// <summary>The native API (<c>/api/v1/services/...</c>): <c>input</c>/<c>parameters</c> bodies and DashScope SSE. The default.</summary>
    Native,

    /// <summary>The OpenAI-compatible API (<c>/compatible-mode/v1/...</c>), through the OpenAI-compatible adapter.</summary>
    Compatible,
}
