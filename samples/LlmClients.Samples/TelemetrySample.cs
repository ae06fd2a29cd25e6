using System.Diagnostics;
using System.Globalization;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace LlmClients.Samples;

/// <summary>
/// Subscribes to LlmClients' OpenTelemetry names (on by default for every instance), makes a call and a stream, then
/// prints the trace tree (call spans, HTTP attempts, token exchanges) and the token-usage histogram.
/// </summary>
internal sealed class TelemetrySample : ISample
{
    private static readonly ActivitySource SampleSource = new("LlmClients.Samples");

    public string Title => "OpenTelemetry: trace tree and token usage";

    public bool AppliesTo(SampleContext context) => context.HasChat;

    public async Task RunAsync(SampleContext context)
    {
        var spans = new List<Activity>();
        var metrics = new List<Metric>();
        using (var tracing = Sdk.CreateTracerProviderBuilder()
            .AddSource(SampleSource.Name, LlmClientsTelemetry.GenAISourceName, LlmClientsTelemetry.SourceName)
            .AddInMemoryExporter(spans)
            .Build())
        using (var meters = Sdk.CreateMeterProviderBuilder()
            .AddMeter(LlmClientsTelemetry.GenAISourceName, LlmClientsTelemetry.MeterName)
            .AddInMemoryExporter(metrics)
            .Build())
        {
            using (SampleSource.StartActivity("sample"))
            {
                await context.Chat.GetResponseAsync("用一句话介绍你自己。");
                await foreach (var update in context.Chat.GetStreamingResponseAsync("数到五。"))
                {
                    _ = update;
                }
            }

            meters.ForceFlush();
            PrintTree(spans);
            PrintTokenUsage(metrics);
        }
    }

    private static void PrintTree(List<Activity> spans)
    {
        var children = spans.ToLookup(s => s.ParentSpanId);
        foreach (var root in spans.Where(s => s.Source == SampleSource))
        {
            Print(root, 1);
        }

        void Print(Activity span, int depth)
        {
            var tags = string.Join(' ', new[] { "gen_ai.provider.name", "llmclients.instance.name", "gen_ai.request.model", "llmclients.attempt", "http.response.status_code", "llmclients.retry.delay", "gen_ai.usage.input_tokens", "gen_ai.usage.output_tokens" }
                .Select(key => (key, value: span.GetTagItem(key)))
                .Where(t => t.value is not null)
                .Select(t => $"{Label(t.key)}={Convert.ToString(t.value, CultureInfo.InvariantCulture)}"));
            Console.WriteLine($"{new string(' ', depth * 2)}{span.DisplayName} [{span.Source.Name}] {span.Duration.TotalMilliseconds:F0} ms {tags}");
            foreach (var child in children[span.SpanId].OrderBy(c => c.StartTimeUtc))
            {
                Print(child, depth + 1);
            }
        }
    }

    // gen_ai.provider.name -> provider, llmclients.instance.name -> instance, gen_ai.usage.output_tokens -> output_tokens.
    private static string Label(string key) => key.EndsWith(".name", StringComparison.Ordinal) ? key.Split('.')[^2] : key.Split('.')[^1];

    private static void PrintTokenUsage(List<Metric> metrics)
    {
        foreach (var metric in metrics.Where(m => m.Name == "gen_ai.client.token.usage"))
        {
            Console.WriteLine($"  {metric.Name} ({metric.Unit}):");
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                var type = string.Empty;
                foreach (var tag in point.Tags)
                {
                    type += tag.Key is "gen_ai.token.type" or "gen_ai.request.model" ? $"{tag.Value} " : string.Empty;
                }

                var buckets = new List<string>();
                foreach (var bucket in point.GetHistogramBuckets())
                {
                    if (bucket.BucketCount > 0)
                    {
                        buckets.Add($"<={bucket.ExplicitBound.ToString(CultureInfo.InvariantCulture)}: {bucket.BucketCount}");
                    }
                }

                Console.WriteLine($"    {type}count={point.GetHistogramCount()} sum={point.GetHistogramSum()} [{string.Join(", ", buckets)}]");
            }
        }
    }
}
