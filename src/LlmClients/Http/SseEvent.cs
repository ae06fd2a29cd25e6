using System.Text;

namespace LlmClients.Http;

/// <summary>
/// One server-sent event as the vendor mapper sees it: the payload is the parser's own UTF-8 buffer, valid only while the
/// mapper runs (a ref struct, so it cannot outlive it), ready for the JSON reader without a copy.
/// </summary>
internal readonly ref struct SseEvent
{
    /// <summary>Initializes an event from its UTF-8 payload.</summary>
    /// <param name="eventType">The <c>event:</c> field, <c>"message"</c> when absent.</param>
    /// <param name="utf8Data">The <c>data:</c> payload as UTF-8.</param>
    /// <param name="lastComment">The last comment line of this event's own block, or null.</param>
    public SseEvent(string eventType, ReadOnlySpan<byte> utf8Data, string? lastComment)
    {
        EventType = eventType;
        Utf8Data = utf8Data;
        LastComment = lastComment;
    }

    /// <summary>Initializes an event from a text payload.</summary>
    /// <param name="eventType">The <c>event:</c> field.</param>
    /// <param name="data">The <c>data:</c> payload.</param>
    /// <param name="lastComment">The last comment line of this event's own block, or null.</param>
    public SseEvent(string eventType, string data, string? lastComment)
        : this(eventType, Encoding.UTF8.GetBytes(data), lastComment)
    {
    }

    /// <summary>Gets the <c>event:</c> field, <c>"message"</c> when absent.</summary>
    public string EventType { get; }

    /// <summary>Gets the <c>data:</c> payload as UTF-8.</summary>
    public ReadOnlySpan<byte> Utf8Data { get; }

    /// <summary>Gets the last comment line of this event's own block (DashScope puts <c>HTTP_STATUS/400</c> there), without the colon; null when the event had none.</summary>
    public string? LastComment { get; }

    /// <summary>Gets the payload as text (decoded on each access; mappers parse <see cref="Utf8Data"/> instead).</summary>
    public string Data => Encoding.UTF8.GetString(Utf8Data);

    /// <summary>Gets whether the payload is empty or white space (a keep-alive).</summary>
    public bool IsBlank => Utf8Data.Trim(" \t\r\n"u8).IsEmpty;
}
