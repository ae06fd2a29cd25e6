
namespace LlmClients.Streaming;

/// <summary>What a vendor's stream mapper made of one server-sent event: a chunk, nothing, the end, or an error.</summary>
internal readonly record struct StreamStep
{
    /// <summary>Gets the chunk to pass on, or null.</summary>
    public StreamChunk? Chunk { get; private init; }

    /// <summary>Gets whether the event was the vendor's end-of-stream marker (any <see cref="Chunk"/> is passed on first).</summary>
    public bool IsEnd { get; private init; }

    /// <summary>Gets the error the event reported, or null.</summary>
    public VendorError? Error { get; private init; }

    /// <summary>Gets the HTTP status the error stands for (a stream error arrives at HTTP 200; the vendor may say otherwise).</summary>
    public int ErrorStatus { get; private init; }

    /// <summary>Gets a step that passes nothing on (the event maps to nothing; it never ends the stream).</summary>
    public static StreamStep Skip => default;

    /// <summary>Passes a chunk on.</summary>
    /// <param name="chunk">The chunk.</param>
    /// <returns>The step.</returns>
    public static StreamStep Next(StreamChunk chunk) => new() { Chunk = chunk };

    /// <summary>Ends the stream: the event is the vendor's end marker, with or without a last chunk.</summary>
    /// <param name="chunk">The last chunk, or null for a bare marker such as <c>[DONE]</c>.</param>
    /// <returns>The step.</returns>
    public static StreamStep End(StreamChunk? chunk = null) => new() { Chunk = chunk, IsEnd = true };

    /// <summary>Fails the stream with an error the vendor reported inside it.</summary>
    /// <param name="status">The status the error stands for.</param>
    /// <param name="error">The parsed error.</param>
    /// <returns>The step.</returns>
    public static StreamStep Fail(int status, VendorError error) => new() { Error = error, ErrorStatus = status };
}
