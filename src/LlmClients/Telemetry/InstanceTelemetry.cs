namespace LlmClients.Telemetry;

/// <summary>Who a call belongs to, for spans, metrics, logs and exceptions.</summary>
/// <param name="InstanceName">The instance name given to <c>AddLlmProviders</c>.</param>
/// <param name="ProviderName">The real provider (<c>gen_ai.provider.name</c>), for example <c>deepseek</c>.</param>
/// <param name="Enabled">Whether spans and metrics are recorded (<see cref="LlmTelemetryOptions.Enabled"/>).</param>
/// <param name="EnableSensitiveData">Whether the GenAI layer records message contents.</param>
internal sealed record InstanceTelemetry(string InstanceName, string ProviderName, bool Enabled = true, bool EnableSensitiveData = false)
{
    /// <summary>Gets the instance settings from an instance's options.</summary>
    /// <param name="instanceName">The instance name.</param>
    /// <param name="providerName">The real provider.</param>
    /// <param name="options">The options, or null (defaults).</param>
    /// <returns>The settings.</returns>
    public static InstanceTelemetry From(string instanceName, string providerName, LlmTelemetryOptions? options)
        => new(instanceName, providerName, options?.Enabled ?? true, options?.EnableSensitiveData ?? false);
}
