using LlmClients.Http;

namespace LlmClients.Tests.TestSupport;

/// <summary>A copy of an <see cref="SseEvent"/> (whose payload lives only while the mapper runs), for tests to collect.</summary>
internal sealed record TestSseEvent(string EventType, string Data, string? LastComment)
{
    /// <summary>Copies an event; pass it as the reader's mapper.</summary>
    public static TestSseEvent From(SseEvent e) => new(e.EventType, e.Data, e.LastComment);
}
