namespace LlmClients.Testing;

/// <summary>
/// The kinds of fault an <see cref="LlmEmulator"/> can inject. See <see cref="EmulatorFault"/>.
/// </summary>
public enum EmulatorFaultKind
{
    /// <summary>Answers with an error status code (optionally with <c>Retry-After</c>) instead of the normal reply.</summary>
    Status,

    /// <summary>Aborts the connection before any response header is sent.</summary>
    ResetBeforeHeaders,

    /// <summary>Sends the vendor's in-stream error event after a number of events, then ends the stream.</summary>
    ErrorMidStream,

    /// <summary>Aborts the connection after a number of events.</summary>
    ResetMidStream,

    /// <summary>Waits before sending the response headers.</summary>
    SlowFirstByte,

    /// <summary>Pauses the stream after a number of events, then carries on.</summary>
    IdleStream,

    /// <summary>Answers 200 with a truncated JSON body, or sends one truncated <c>data:</c> frame when streaming.</summary>
    MalformedJson,

    /// <summary>Closes the stream cleanly (no error, no reset) after a number of events, without the vendor's last event or end marker.</summary>
    EndMidStream,

    /// <summary>After a number of events, starts an event (<c>data: </c>) and then sends one byte per interval, never completing it.</summary>
    TrickleStream,

    /// <summary>Answers a request with HTTP 200 and a given <c>text/event-stream</c> body, verbatim, instead of the normal reply.</summary>
    RawStream,
}
