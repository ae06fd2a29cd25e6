using LlmClients.Testing.Zhipu;

namespace LlmClients.Testing;

/// <content>The Zhipu part of the emulator.</content>
public sealed partial class LlmEmulator
{
    /// <summary>Gets the Zhipu part: its base URL, async-task polls and requests.</summary>
    public ZhipuEmulator Zhipu => ZhipuEmulator.Of(_state);
}
