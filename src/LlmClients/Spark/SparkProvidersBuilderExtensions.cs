using LlmClients.Spark;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds iFlytek Spark (讯飞星火) provider instances.</summary>
public static class SparkProvidersBuilderExtensions
{
    /// <summary>
    /// Adds a Spark instance: keyed <c>IChatClient</c> (HTTP chat, bearer APIPassword) and <c>IEmbeddingClient</c>
    /// (signed-URL embeddings, APPID/APIKey/APISecret) under <paramref name="name"/>.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="name">The instance name (the DI key). The default is <c>"spark"</c>.</param>
    /// <param name="configure">Configures the options.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is blank.</exception>
    /// <exception cref="InvalidOperationException">An instance with that name is already registered.</exception>
    public static LlmProvidersBuilder AddSpark(this LlmProvidersBuilder builder, string name = "spark", Action<SparkOptions>? configure = null)
        => SparkRegistration.Add(builder, name, configure);
}
