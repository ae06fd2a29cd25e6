using LlmClients.DashScope;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds DashScope (Alibaba Cloud Model Studio, 通义千问 / Qwen) provider instances.</summary>
public static class DashScopeProvidersBuilderExtensions
{
    /// <summary>
    /// Adds a DashScope instance: its chat and embedding clients (keyed by <paramref name="name"/>) and its
    /// <see cref="IDashScopeFileClient"/> (keyed by <paramref name="name"/> too).
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="name">The instance name (the DI key). The default is <c>"dashscope"</c>.</param>
    /// <param name="configure">Configures the options.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is blank.</exception>
    /// <exception cref="InvalidOperationException">An instance with that name is already registered.</exception>
    public static LlmProvidersBuilder AddDashScope(this LlmProvidersBuilder builder, string name = "dashscope", Action<DashScopeOptions>? configure = null)
        => DashScopeRegistration.Add(builder, name, configure);
}
