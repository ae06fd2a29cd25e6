using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace LlmClients.Benchmarks;

/// <summary>Counts methods jitted per namespace (set LLMCLIENTS_BENCH_JITLOG=1 on a coldstart child): where cold start goes.</summary>
internal sealed class JitLog : EventListener
{
    private readonly ConcurrentDictionary<string, int> _counts = new();

    public static JitLog? Start() => Environment.GetEnvironmentVariable("LLMCLIENTS_BENCH_JITLOG") == "1" ? new JitLog() : null;

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, (EventKeywords)0x10); // JIT keyword
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (e.EventName == "MethodJittingStarted_V1" && e.Payload is { Count: > 4 } payload)
        {
            var ns = payload[4]?.ToString() ?? "?";
            var parts = ns.Split('.');
            var key = string.Join('.', parts.Take(Math.Min(3, parts.Length - 1 > 0 ? parts.Length - 1 : 1)));
            _counts.AddOrUpdate(key, 1, (_, n) => n + 1);
            if (Environment.GetEnvironmentVariable("LLMCLIENTS_BENCH_JITLOG_NS") is { } filter && ns.StartsWith(filter, StringComparison.Ordinal))
            {
                Console.Error.WriteLine("  " + ns + "::" + payload[5]);
            }
        }
    }

    public void Print()
    {
        if (Environment.GetEnvironmentVariable("LLMCLIENTS_BENCH_ASM") == "1")
        {
            foreach (var a in AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetName().Name).Order())
            {
                Console.Error.WriteLine("ASM " + a);
            }
        }

        foreach (var (key, count) in _counts.OrderByDescending(kv => kv.Value).Take(40))
        {
            Console.Error.WriteLine($"{count,6} {key}");
        }
    }
}
