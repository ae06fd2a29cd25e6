using LlmClients.Testing.DashScope;

namespace LlmClients.Testing;

/// <content>The DashScope part of the emulator.</content>
public sealed partial class LlmEmulator
{
    /// <summary>Gets the DashScope part: native and compatible-mode base URLs, stream quirks and requests.</summary>
    public DashScopeEmulator DashScope => DashScopeEmulator.Of(_state);
}
