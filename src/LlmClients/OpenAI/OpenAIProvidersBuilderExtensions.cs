using LlmClients.OpenAI;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds OpenAI and OpenAI-compatible provider instances.</summary>
public static class OpenAIProvidersBuilderExtensions
{
    /// <summary>Adds an OpenAI or OpenAI-compatible instance (DeepSeek, vLLM, DashScope compatible mode...).</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="name">The instance name (the DI key). The default is <c>"openai"</c>.</param>
    /// <param name="configure">Configures the options.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is blank.</exception>
    /// <exception cref="InvalidOperationException">An instance with that name is already registered.</exception>
    public static LlmProvidersBuilder AddOpenAI(this LlmProvidersBuilder builder, string name = "openai", Action<OpenAIOptions>? configure = null)
        => OpenAIRegistration.Add(builder, name, configure);
}
