using LlmClients.Zhipu;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds Zhipu AI (BigModel, GLM) provider instances.</summary>
public static class ZhipuProvidersBuilderExtensions
{
    /// <summary>
    /// Adds a Zhipu instance: keyed <c>IChatClient</c> and <c>IEmbeddingClient</c>, plus keyed <see cref="IZhipuAsyncChatClient"/>
    /// and <see cref="IZhipuImageClient"/>, all under <paramref name="name"/>.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="name">The instance name (the DI key). The default is <c>"zhipu"</c>.</param>
    /// <param name="configure">Configures the options.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is blank.</exception>
    /// <exception cref="InvalidOperationException">An instance with that name is already registered.</exception>
    public static LlmProvidersBuilder AddZhipu(this LlmProvidersBuilder builder, string name = "zhipu", Action<ZhipuOptions>? configure = null)
        => ZhipuRegistration.Add(builder, name, configure);
}
