namespace LlmClients;

/// <summary>
/// OpenTelemetry settings of a provider instance, bound from <c>LlmProviders:&lt;name&gt;:Telemetry</c>. The names the
/// data is reported under are on <see cref="LlmClientsTelemetry"/>.
/// </summary>
public sealed class LlmTelemetryOptions
{
    /// <summary>
    /// Gets or sets whether the instance reports OpenTelemetry data: the GenAI client span and metrics of each call
    /// (Microsoft.Extensions.AI's <c>OpenTelemetryChatClient</c> / <c>OpenTelemetryEmbeddingGenerator</c>, put innermost
    /// around the vendor client) and our own attempt, token-exchange and poll spans, retry, token-exchange and
    /// stream-timing metrics. The default is true; false is the one switch that turns all of it off for the instance
    /// (logs stay, filtered by the logging configuration). When a pipeline of the instance (<c>ConfigureChatClient</c> or
    /// <c>ChatPipeline</c>) adds <c>UseOpenTelemetry()</c> itself, that one is used and the default GenAI layer steps aside,
    /// so no call is reported twice.
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Gets or sets whether the GenAI layer records sensitive data: message contents, system instructions, tool
    /// arguments and results (<c>gen_ai.input.messages</c>, <c>gen_ai.output.messages</c>...). The default is false.
    /// Keys, tokens and URL queries are never recorded, whatever this says.
    /// </summary>
    public bool EnableSensitiveData { get; set; }
}
