namespace LlmClients.DependencyInjection;

/// <summary>The instances registered so far; one per service collection.</summary>
internal sealed class ProviderCatalogState
{
    private readonly List<ProviderDescriptor> _providers = [];

    public string? DefaultName { get; set; }

    /// <summary>Gets the chat pipeline steps per instance name (<see cref="Microsoft.Extensions.DependencyInjection.LlmProvidersBuilder.ConfigureChatClient"/>).</summary>
    public Dictionary<string, List<Action<ChatClientBuilder>>> ChatPipelines { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets the embedding pipeline steps per instance name (<see cref="Microsoft.Extensions.DependencyInjection.LlmProvidersBuilder.ConfigureEmbeddingGenerator"/>).</summary>
    public Dictionary<string, List<Action<EmbeddingGeneratorBuilder<string, Embedding<float>>>>> EmbeddingPipelines { get; } = new(StringComparer.OrdinalIgnoreCase);

    public IReadOnlyList<ProviderDescriptor> Providers => _providers;

    public void Add(ProviderDescriptor descriptor)
    {
        if (_providers.Any(p => string.Equals(p.Name, descriptor.Name, StringComparison.OrdinalIgnoreCase)))
        {
            throw new InvalidOperationException($"An LLM provider instance named '{descriptor.Name}' is already registered; give each instance its own name.");
        }

        _providers.Add(descriptor);
    }
}
