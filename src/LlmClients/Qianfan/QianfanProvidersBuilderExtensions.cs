using LlmClients.Qianfan;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds Baidu Qianfan (文心千帆 / ERNIE) provider instances.</summary>
public static class QianfanProvidersBuilderExtensions
{
    /// <summary>
    /// Adds a Qianfan instance: v1 (API Key + Secret Key, access-token exchange) or v2 (OpenAI-compatible API key),
    /// chosen by the credentials configured.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="name">The instance name (the DI key). The default is <c>"qianfan"</c>.</param>
    /// <param name="configure">Configures the options.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is blank.</exception>
    /// <exception cref="InvalidOperationException">An instance with that name is already registered.</exception>
    public static LlmProvidersBuilder AddQianfan(this LlmProvidersBuilder builder, string name = "qianfan", Action<QianfanOptions>? configure = null)
        => QianfanRegistration.Add(builder, name, configure);
}
