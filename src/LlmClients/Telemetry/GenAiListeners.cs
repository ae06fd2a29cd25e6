using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace LlmClients.Telemetry;

/// <summary>
/// Says whether anyone listens to the OpenTelemetry GenAI layer (<see cref="LlmClientsTelemetry.GenAISourceName"/>): an
/// activity listener on its source, or a meter listener that enabled its instruments (<c>gen_ai.client.operation.duration</c>,
/// <c>gen_ai.client.token.usage</c>). Listeners select sources and meters by name, so probes of the same names see the same
/// subscriptions. When nobody listens, a call skips the layer: it would build a span nobody records and, for a stream, keep
/// every update to assemble a response nobody reads.
/// </summary>
internal static class GenAiListeners
{
    private static readonly ActivitySource Source = new(LlmClientsTelemetry.GenAISourceName);
    private static readonly Meter Meter = new(LlmClientsTelemetry.GenAISourceName);
    private static readonly Histogram<double> Duration = Meter.CreateHistogram<double>("gen_ai.client.operation.duration", "s");
    private static readonly Histogram<int> Tokens = Meter.CreateHistogram<int>("gen_ai.client.token.usage", "{token}");

    /// <summary>Gets whether a span or a GenAI metric of a call would be recorded now.</summary>
    public static bool Any => Source.HasListeners() || Duration.Enabled || Tokens.Enabled;
}
