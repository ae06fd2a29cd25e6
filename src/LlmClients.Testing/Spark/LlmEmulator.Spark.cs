using LlmClients.Testing.Spark;

namespace LlmClients.Testing;

/// <content>The Spark part of the emulator.</content>
public sealed partial class LlmEmulator
{
    /// <summary>Gets the iFlytek Spark part: its chat and embedding URLs, the application credentials it checks, and its requests.</summary>
    public SparkEmulator Spark => SparkEmulator.Of(_state);
}
