using LlmClients.HuggingFace;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds Hugging Face embedding instances (HF Inference, Inference Endpoints, text-embeddings-inference).</summary>
public static class HuggingFaceProvidersBuilderExtensions
{
    /// <summary>
    /// Adds a Hugging Face instance: a keyed <c>IEmbeddingClient</c> (and <c>IEmbeddingGenerator</c>) under <paramref name="name"/>.
    /// It registers no chat client: <c>LlmClientRegistry.GetChatClient(name)</c> throws <see cref="InvalidOperationException"/>
    /// saying so, and the unkeyed <c>IChatClient</c> is another instance's.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="name">The instance name (the DI key). The default is <c>"huggingface"</c>.</param>
    /// <param name="configure">Configures the options (for a TEI server: <c>o.BaseUrl = new("http://localhost:8080/")</c>).</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is blank.</exception>
    /// <exception cref="InvalidOperationException">An instance with that name is already registered.</exception>
    public static LlmProvidersBuilder AddHuggingFace(this LlmProvidersBuilder builder, string name = "huggingface", Action<HuggingFaceOptions>? configure = null)
        => HuggingFaceRegistration.Add(builder, name, configure);
}
