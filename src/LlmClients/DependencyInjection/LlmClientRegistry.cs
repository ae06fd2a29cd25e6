
namespace LlmClients;

/// <summary>Finds the clients of configured provider instances by name, with a clear error for a name that is not configured.</summary>
public sealed class LlmClientRegistry
{
    private readonly IServiceProvider _services;
    private readonly ProviderCatalogState _state;
    private readonly Lock _gate = new();

    // The chat client of each instance (by catalog position), made on first request: the keyed IChatClient of an instance
    // resolves to the same one, and the default IChatClient reaches it without a keyed lookup.
    private IChatClient?[] _chatClients = [];

    internal LlmClientRegistry(IServiceProvider services, ProviderCatalogState state)
    {
        _services = services;
        _state = state;
    }

    /// <summary>Gets the configured instance names, in registration order.</summary>
    public IReadOnlyList<string> Names => [.. _state.Providers.Select(p => p.Name)];

    /// <summary>Gets the name of the default instance, or null when none is registered.</summary>
    public string? DefaultName => _state.DefaultName ?? (_state.Providers.Count > 0 ? _state.Providers[0].Name : null);

    /// <summary>Gets the vendor of an instance (<c>"openai"</c>, <c>"dashscope"</c>...).</summary>
    /// <param name="name">The instance name.</param>
    /// <returns>The vendor.</returns>
    /// <exception cref="InvalidOperationException">No instance has that name.</exception>
    public string GetVendor(string name) => Find(name).Vendor;

    /// <summary>Gets the chat client of an instance.</summary>
    /// <param name="name">The instance name.</param>
    /// <returns>The client.</returns>
    /// <exception cref="InvalidOperationException">No instance has that name, or it has no chat client.</exception>
    public IChatClient GetChatClient(string name)
    {
        var provider = Find(name);
        if (provider.CreateChatClient is null)
        {
            throw new InvalidOperationException($"LLM provider instance '{provider.Name}' ({provider.Vendor}) has no chat client.");
        }

        return ChatClientOf(provider);
    }

    /// <summary>Gets the embedding client of an instance.</summary>
    /// <param name="name">The instance name.</param>
    /// <returns>The client.</returns>
    /// <exception cref="InvalidOperationException">No instance has that name, or it has no embedding client.</exception>
    public IEmbeddingClient GetEmbeddingClient(string name)
    {
        var provider = Find(name);
        if (provider.CreateEmbeddingClient is null)
        {
            throw new InvalidOperationException($"LLM provider instance '{provider.Name}' ({provider.Vendor}) has no embedding client.");
        }

        return _services.GetRequiredKeyedService<IEmbeddingClient>(provider.Name);
    }

    /// <summary>Gets the embedding generator of an instance: its <see cref="IEmbeddingClient"/> inside the pipeline set with <c>ConfigureEmbeddingGenerator</c>, if any.</summary>
    /// <param name="name">The instance name (case-insensitive).</param>
    /// <returns>The keyed <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> of the instance.</returns>
    /// <exception cref="InvalidOperationException">No instance has that name, or it has no embedding client.</exception>
    public IEmbeddingGenerator<string, Embedding<float>> GetEmbeddingGenerator(string name)
    {
        var provider = Find(name);
        if (provider.CreateEmbeddingClient is null)
        {
            throw new InvalidOperationException($"LLM provider instance '{provider.Name}' ({provider.Vendor}) has no embedding client.");
        }

        return _services.GetRequiredKeyedService<IEmbeddingGenerator<string, Embedding<float>>>(provider.Name);
    }

    /// <summary>Gets (making it once per container) the chat client of an instance: its pipeline over the instance layer over the vendor client.</summary>
    /// <param name="provider">The instance, with a chat client.</param>
    /// <returns>The client.</returns>
    internal IChatClient ChatClientOf(ProviderDescriptor provider)
    {
        var slot = _state.IndexOf(provider);
        var clients = Volatile.Read(ref _chatClients);
        if (slot < clients.Length && clients[slot] is { } made)
        {
            return made;
        }

        lock (_gate)
        {
            if (slot >= _chatClients.Length)
            {
                var grown = new IChatClient?[_state.Providers.Count];
                _chatClients.CopyTo(grown, 0);
                Volatile.Write(ref _chatClients, grown);
            }

            return _chatClients[slot] ??= LlmProvidersBuilder.CreateChatPipeline(_state, provider, _services);
        }
    }

    private ProviderDescriptor Find(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return _state.Find(name) ?? throw NotConfigured(name);
    }

    // Apart from Find: the lookup every resolution runs stays small to jit.
    private InvalidOperationException NotConfigured(string name) => new(
        _state.Providers.Count == 0
            ? $"No LLM provider instance named '{name}' is configured, and none are: add a section 'LlmProviders:{name}' to configuration or call AddLlmProviders(b => b.{ProviderCatalog.BuilderMethods}(\"{name}\", ...))."
            : $"No LLM provider instance named '{name}' is configured (configured: {string.Join(", ", _state.Providers.Select(p => p.Name))}). Add a section 'LlmProviders:{name}' to configuration, or use one of the configured names.");
}
