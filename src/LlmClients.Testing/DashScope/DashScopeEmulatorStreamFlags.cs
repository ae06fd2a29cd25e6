namespace LlmClients.Testing.DashScope;

/// <summary>
/// Request flags that make the emulator's native DashScope streams reproduce recorded transport quirks. Send them in
/// the <see cref="Header"/> request header, comma-separated (for example <c>no-separators,gzip</c>).
/// </summary>
public static class DashScopeEmulatorStreamFlags
{
    /// <summary>The request header that carries the flags.</summary>
    public const string Header = "x-emulator-dashscope-sse";

    /// <summary>Omits the blank line between events, as in the 2024 recording of a message-format stream.</summary>
    public const string NoSeparators = "no-separators";

    /// <summary>Sends the event stream with <c>Content-Encoding: gzip</c>, as DashScope does.</summary>
    public const string Gzip = "gzip";
}
