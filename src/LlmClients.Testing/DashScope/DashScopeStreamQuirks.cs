namespace LlmClients.Testing.DashScope;

/// <summary>
/// Recorded transport quirks the emulator's native DashScope streams can reproduce (<see cref="DashScopeEmulator.StreamQuirks"/>).
/// </summary>
[Flags]
public enum DashScopeStreamQuirks
{
    /// <summary>Spec SSE: a blank line after every event, no content encoding. The default.</summary>
    None = 0,

    /// <summary>Omits the blank line between events, as in the 2024 recording of a message-format stream.</summary>
    NoSeparators = 1,

    /// <summary>Sends the event stream with <c>Content-Encoding: gzip</c>, as DashScope does.</summary>
    Gzip = 2,
}
