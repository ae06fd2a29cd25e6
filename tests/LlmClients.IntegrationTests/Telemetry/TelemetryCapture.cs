using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace LlmClients.IntegrationTests.Telemetry;

/// <summary>
/// What an app subscribed to LlmClients' names sees: spans and metric points through the OpenTelemetry SDK's in-memory
/// exporters, and every log line. Spans are those of one trace (a root span per test), so other tests' spans never mix in.
/// </summary>
internal sealed class TelemetryCapture : IDisposable
{
    private static readonly ActivitySource TestSource = new("LlmClients.IntegrationTests.Telemetry");

    private readonly List<Activity> _spans = [];
    private readonly List<MetricSnapshot> _metrics = [];
    private readonly TracerProvider _tracer;
    private readonly MeterProvider _meter;

    public TelemetryCapture()
    {
        _tracer = Sdk.CreateTracerProviderBuilder()
            .AddSource(TestSource.Name, LlmClientsTelemetry.SourceName, LlmClientsTelemetry.GenAISourceName)
            .AddInMemoryExporter(_spans)
            .Build();
        _meter = Sdk.CreateMeterProviderBuilder()
            .AddMeter(LlmClientsTelemetry.MeterName, LlmClientsTelemetry.GenAISourceName)
            .AddInMemoryExporter(_metrics)
            .Build();
        Root = TestSource.StartActivity("test", ActivityKind.Internal, parentContext: default)!;
    }

    /// <summary>Gets the root span every call of the test runs under.</summary>
    public Activity Root { get; }

    /// <summary>Gets the log lines, from a logger factory to give the services.</summary>
    public ConcurrentQueue<(string Category, LogLevel Level, EventId EventId, string Message, IReadOnlyList<KeyValuePair<string, object?>> State)> Logs { get; } = new();

    /// <summary>Gets the spans of this test's trace that have ended.</summary>
    public IReadOnlyList<Activity> Spans
    {
        get
        {
            lock (_spans)
            {
                return [.. _spans.Where(a => a.TraceId == Root.TraceId && a.Source.Name != TestSource.Name)];
            }
        }
    }

    /// <summary>Gets the spans of our source with a given name.</summary>
    public IReadOnlyList<Activity> Ours(string name) => [.. Spans.Where(a => a.Source.Name == LlmClientsTelemetry.SourceName && a.OperationName == name)];

    /// <summary>Gets the GenAI call spans (Microsoft.Extensions.AI's OpenTelemetry layer).</summary>
    public IReadOnlyList<Activity> CallSpans => [.. Spans.Where(a => a.Source.Name == LlmClientsTelemetry.GenAISourceName)];

    /// <summary>Flushes the metrics and returns the points of an instrument whose tags include the given instance.</summary>
    public IReadOnlyList<MetricPoint> Points(string metric, string instance)
    {
        _meter.ForceFlush();
        var last = _metrics.LastOrDefault(m => m.Name == metric);
        if (last is null)
        {
            return [];
        }

        var points = new List<MetricPoint>();
        foreach (var point in last.MetricPoints)
        {
            foreach (var tag in point.Tags)
            {
                if (tag.Key == "llmclients.instance.name" && Equals(tag.Value, instance))
                {
                    points.Add(point);
                }
            }
        }

        return points;
    }

    /// <summary>Flushes the metrics and returns every snapshot exported so far.</summary>
    public IReadOnlyList<MetricSnapshot> AllMetrics()
    {
        _meter.ForceFlush();
        return [.. _metrics];
    }

    /// <summary>Gets a logger provider writing into <see cref="Logs"/>.</summary>
    public ILoggerProvider LoggerProvider => new Provider(this);

    public void Dispose()
    {
        Root.Dispose();
        _tracer.Dispose();
        _meter.Dispose();
    }

    private sealed class Provider(TelemetryCapture capture) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(capture, categoryName);

        public void Dispose()
        {
        }
    }

    private sealed class Logger(TelemetryCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            => capture.Logs.Enqueue((category, logLevel, eventId, formatter(state, exception), Copy(state)));

        // The extended logging generator reuses its state object after Log returns: keep a copy, as a real provider would.
        private static KeyValuePair<string, object?>[] Copy<TState>(TState state)
            => state is IReadOnlyList<KeyValuePair<string, object?>> fields ? [.. fields] : [];
    }
}
