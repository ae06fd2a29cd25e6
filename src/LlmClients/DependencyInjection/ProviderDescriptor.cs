namespace LlmClients.DependencyInjection;

/// <summary>One registered provider instance.</summary>
/// <param name="Name">The instance name (the DI key).</param>
/// <param name="Vendor">The vendor, for example <c>"openai"</c>.</param>
/// <param name="CreateChatClient">Creates its chat client, or null when it has none.</param>
/// <param name="CreateEmbeddingClient">Creates its embedding client, or null when it has none.</param>
/// <param name="Telemetry">Gets its telemetry settings (real provider name, switches), or null for the defaults.</param>
internal sealed record ProviderDescriptor(
    string Name,
    string Vendor,
    Func<IServiceProvider, IChatClient>? CreateChatClient,
    Func<IServiceProvider, IEmbeddingClient>? CreateEmbeddingClient,
    Func<IServiceProvider, Telemetry.InstanceTelemetry>? Telemetry = null)
{
    /// <summary>Gets the telemetry settings of the instance.</summary>
    /// <param name="services">The services.</param>
    /// <returns>The settings.</returns>
    public Telemetry.InstanceTelemetry GetTelemetry(IServiceProvider services) => Telemetry?.Invoke(services) ?? new(Name, Vendor);
}
