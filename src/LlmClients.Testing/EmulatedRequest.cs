namespace LlmClients.Testing;

/// <summary>
/// A request received by an <see cref="LlmEmulator"/>, as recorded in <see cref="LlmEmulator.Requests"/>.
/// </summary>
/// <param name="Method">The HTTP method, for example <c>POST</c>.</param>
/// <param name="Path">The request path, for example <c>/v1/chat/completions</c>.</param>
/// <param name="Query">The query string including the leading <c>?</c>, or an empty string.</param>
/// <param name="Headers">The request headers (case-insensitive names; repeated values joined with <c>", "</c>).</param>
/// <param name="Body">The request body decoded as UTF-8 (invalid sequences become U+FFFD), or an empty string; <see cref="BodyBytes"/> has the exact bytes.</param>
/// <param name="Timestamp">When the emulator received the request, from <see cref="LlmEmulatorOptions.TimeProvider"/>.</param>
public sealed record EmulatedRequest(
    string Method,
    string Path,
    string Query,
    IReadOnlyDictionary<string, string> Headers,
    string Body,
    DateTimeOffset Timestamp)
{
    /// <summary>Gets the request body exactly as received, byte for byte (empty when there was none).</summary>
    public ReadOnlyMemory<byte> BodyBytes { get; init; }
}
