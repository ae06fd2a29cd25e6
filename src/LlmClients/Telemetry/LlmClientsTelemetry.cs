namespace LlmClients;

/// <summary>
/// The names under which LlmClients reports OpenTelemetry data. Every instance registered through
/// <c>AddLlmProviders</c> reports, unless <see cref="LlmTelemetryOptions.Enabled"/> is false:
/// <list type="bullet">
/// <item><description>The OpenTelemetry GenAI client span and metrics of each call (<c>chat {model}</c>,
/// <c>embeddings {model}</c>, <c>gen_ai.client.operation.duration</c>, <c>gen_ai.client.token.usage</c>,
/// <c>gen_ai.client.operation.time_to_first_chunk</c>, <c>gen_ai.client.operation.time_per_output_chunk</c>), written by
/// Microsoft.Extensions.AI's <c>OpenTelemetryChatClient</c> / <c>OpenTelemetryEmbeddingGenerator</c> under
/// <see cref="GenAISourceName"/>.</description></item>
/// <item><description>Our own spans and metrics under <see cref="SourceName"/>: one span per HTTP attempt, the Qianfan
/// access-token exchange, each Zhipu async-task poll; retries, token exchanges, time to first chunk and time per output
/// chunk tagged with the instance.</description></item>
/// </list>
/// Subscribe with <c>.WithTracing(t =&gt; t.AddSource(LlmClientsTelemetry.GenAISourceName, LlmClientsTelemetry.SourceName))</c>
/// and <c>.WithMetrics(m =&gt; m.AddMeter(LlmClientsTelemetry.GenAISourceName, LlmClientsTelemetry.MeterName))</c>.
/// No span, event, metric tag or log line holds a key, a token, a URL query or message content, unless
/// <see cref="LlmTelemetryOptions.EnableSensitiveData"/> is turned on (which lets the GenAI layer record message contents).
/// </summary>
public static class LlmClientsTelemetry
{
    /// <summary>
    /// The name of our <see cref="System.Diagnostics.ActivitySource"/>: <c>LlmClients</c>. Its spans:
    /// <c>http_attempt</c> (one per HTTP attempt, under the call span), <c>qianfan.token_exchange</c> and
    /// <c>zhipu.async_task.poll</c>; their attributes are listed in the README.
    /// </summary>
    public const string SourceName = "LlmClients";

    /// <summary>
    /// The name of our <see cref="System.Diagnostics.Metrics.Meter"/>: <c>LlmClients</c>. Its instruments:
    /// <c>llmclients.client.retries</c> (counter, <c>{retry}</c>), <c>llmclients.client.token_exchanges</c> (counter,
    /// <c>{exchange}</c>), <c>llmclients.client.operation.time_to_first_chunk</c> and
    /// <c>llmclients.client.operation.time_per_output_chunk</c> (histograms, seconds), <c>llmclients.client.rate_limit.wait</c>
    /// (histogram, seconds: the client-side queue wait of <c>Limits</c>, tagged <c>llmclients.rate_limit</c> and
    /// <c>llmclients.rate_limit.outcome</c>), each tagged with
    /// <c>gen_ai.provider.name</c>, <c>llmclients.instance.name</c> and <c>gen_ai.request.model</c> when known.
    /// </summary>
    public const string MeterName = "LlmClients";

    /// <summary>
    /// The source and meter name of the OpenTelemetry GenAI layer that <c>AddLlmProviders</c> puts around every
    /// instance: <c>Experimental.Microsoft.Extensions.AI</c>, the default of Microsoft.Extensions.AI's
    /// <c>UseOpenTelemetry()</c>, so that one subscription covers our instances and other Microsoft.Extensions.AI clients.
    /// </summary>
    public const string GenAISourceName = "Experimental.Microsoft.Extensions.AI";
}
