using LlmClients.Testing.OpenAI;

namespace LlmClients.Testing;

/// <content>The OpenAI part of the emulator.</content>
public sealed partial class LlmEmulator
{
    /// <summary>Gets the OpenAI part: its base URL (<c>v1/</c>) and requests.</summary>
    public OpenAIEmulator OpenAI => OpenAIEmulator.Of(_state);
}
