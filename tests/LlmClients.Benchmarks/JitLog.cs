using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace LlmClients.Benchmarks;

/// <summary>Counts methods jitted per namespace (set LLMCLIENTS_BENCH_JITLOG=1 on a coldstart child): where cold start goes.</summary>
internal sealed class JitLog : EventListener
{
    private readonly ConcurrentDictionary<string, int> _counts = new();
    private readonly ConcurrentDictionary<string, long> _micros = new();
    private readonly ConcurrentDictionary<long, (string Key, string Method, DateTime At)> _started = new();

    public static JitLog? Start()
    {
        if (Environment.GetEnvironmentVariable("LLMCLIENTS_BENCH_JITLOG") != "1")
        {
            return null;
        }

        if (Environment.GetEnvironmentVariable("LLMCLIENTS_BENCH_ASM") == "1")
        {
            // Where each assembly is first needed: the stack of its load, in the order of the method list.
            AppDomain.CurrentDomain.AssemblyLoad += (_, e) => Console.Error.WriteLine("ASM-LOAD " + e.LoadedAssembly.GetName().Name + Environment.NewLine + new System.Diagnostics.StackTrace(1, false));
        }

        return new JitLog();
    }

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
            _started[e.OSThreadId] = (key, ns + "::" + payload[5], e.TimeStamp);
        }
        else if (e.EventName is "MethodLoadVerbose_V1" or "MethodLoadVerbose_V2" && _started.TryRemove(e.OSThreadId, out var start))
        {
            // JIT time of the method: from its jitting-started event to its load event on the same thread.
            var micros = (e.TimeStamp - start.At).Ticks / 10;
            _micros.AddOrUpdate(start.Key, micros, (_, n) => n + micros);
            if (Environment.GetEnvironmentVariable("LLMCLIENTS_BENCH_JITLOG_NS") is { } filter && start.Method.StartsWith(filter, StringComparison.Ordinal))
            {
                Console.Error.WriteLine($"  {micros,6} us {start.Method}");
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

        foreach (var (key, count) in _counts.ToArray().OrderByDescending(kv => kv.Value).Take(40)) // A snapshot: events still arrive.
        {
            Console.Error.WriteLine($"{count,6} {_micros.GetValueOrDefault(key) / 1000.0,8:F1} ms {key}");
        }
    }
}
