using LlmClients.Http;

namespace LlmClients.Tests.TestSupport;

/// <summary>A copy of an <see cref="SseEvent"/> (whose payload lives only while the mapper runs), for tests to collect.</summary>
internal sealed record TestSseEvent(string EventType, string Data, string? LastComment)
{
    /// <summary>Copies an event; pass it as the reader's mapper.</summary>
    public static TestSseEvent From(SseEvent e) => new(e.EventType, e.Data, e.LastComment);

    /// <summary>Reads every event of an SSE body the way the stream loop does (<see cref="SseEventReader.Create"/>), copied.</summary>
    public static async Task<List<TestSseEvent>> ReadAllAsync(Stream stream, bool repairFraming, int? maxEventBytes = null)
    {
        var list = new List<TestSseEvent>();
        var parser = SseEventReader.Create(stream, repairFraming, From, maxEventBytes, "test", out var body);
        await using (body)
        {
            await foreach (var item in parser.EnumerateAsync())
            {
                list.Add(item.Data);
            }
        }

        return list;
    }
}
