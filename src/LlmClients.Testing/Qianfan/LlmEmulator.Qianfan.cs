using LlmClients.Testing.Qianfan;

namespace LlmClients.Testing;

/// <content>The Qianfan part of the emulator.</content>
public sealed partial class LlmEmulator
{
    /// <summary>Gets the Qianfan part: v1, v2 and OAuth base URLs, token and HTTP-200 error controls, and requests.</summary>
    public QianfanEmulator Qianfan => QianfanEmulator.Of(_state);
}
