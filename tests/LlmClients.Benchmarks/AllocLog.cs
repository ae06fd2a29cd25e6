using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace LlmClients.Benchmarks;

/// <summary>
/// Where a looped case's bytes go, per type (set LLMCLIENTS_BENCH_ALLOCS=1 on <c>loop</c>): the runtime's GC
/// <c>AllocationTick</c> events, one about every 100 KB allocated, name the type whose allocation crossed the mark, so
/// over many operations each type's share of the ticks is its share of the bytes. An operation allocates the same bytes
/// every time, so the ticks would fall on the same few objects of it; <see cref="Jitter"/>, called once per operation,
/// allocates a random amount of padding (left out of the table) so that they fall anywhere.
/// </summary>
internal sealed class AllocLog : EventListener
{
    // The runtime names a nested type without its declaring type.
    private const string PadName = "Pad[]";

    private readonly ConcurrentDictionary<string, long> _bytes = new();
    private long _total;

    public static AllocLog? Start() => Environment.GetEnvironmentVariable("LLMCLIENTS_BENCH_ALLOCS") == "1" ? new AllocLog() : null;

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, (EventKeywords)0x1); // GC keyword: AllocationTick at Verbose
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (e.EventName is { } name && name.StartsWith("GCAllocationTick", StringComparison.Ordinal) && e.PayloadNames is { } names)
        {
            var type = e.Payload![names.IndexOf("TypeName")]?.ToString() ?? "?";
            var amount = Convert.ToInt64(e.Payload[names.IndexOf("AllocationAmount64")], System.Globalization.CultureInfo.InvariantCulture);
            _bytes.AddOrUpdate(type, amount, (_, n) => n + amount);
            Interlocked.Add(ref _total, amount);
        }
    }

    /// <summary>Allocates 8 to 8192 bytes of padding, at random.</summary>
    /// <returns>The padding.</returns>
    public static object Jitter() => new Pad[Random.Shared.Next(1, 1025)];

    /// <summary>Prints each type's estimated bytes per operation, largest first.</summary>
    /// <param name="operations">Operations run while listening.</param>
    public void Print(long operations)
    {
        _bytes.TryRemove(PadName, out var pad);
        Console.Error.WriteLine($"sampled {(_total - pad) / (double)operations:F0} B/op");
        foreach (var (type, bytes) in _bytes.OrderByDescending(kv => kv.Value).Take(60))
        {
            Console.Error.WriteLine($"{bytes / (double)operations,8:F0} B/op  {type}");
        }
    }

    private readonly record struct Pad(long Value);
}
