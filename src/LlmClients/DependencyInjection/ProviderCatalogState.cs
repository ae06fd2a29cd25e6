namespace LlmClients.DependencyInjection;

/// <summary>The instances registered so far; one per service collection.</summary>
internal sealed class ProviderCatalogState
{
    private readonly List<ProviderDescriptor> _providers = [];

    // Made by the first ConfigureChatClient / ConfigureEmbeddingGenerator: without them, Microsoft.Extensions.AI's builder
    // types are never loaded (a plain class in between, so reading the field needs none of them).
    private Pipelines? _pipelines;

    public string? DefaultName { get; set; }

    /// <summary>Gets the chat pipeline steps per instance name (<see cref="Microsoft.Extensions.DependencyInjection.LlmProvidersBuilder.ConfigureChatClient"/>).</summary>
    public Dictionary<string, List<Action<ChatClientBuilder>>> ChatPipelines => (_pipelines ??= new()).Chat;

    /// <summary>Gets the embedding pipeline steps per instance name (<see cref="Microsoft.Extensions.DependencyInjection.LlmProvidersBuilder.ConfigureEmbeddingGenerator"/>).</summary>
    public Dictionary<string, List<Action<EmbeddingGeneratorBuilder<string, Embedding<float>>>>> EmbeddingPipelines => (_pipelines ??= new()).Embedding;

    /// <summary>Gets whether any instance has pipeline steps (chat or embedding).</summary>
    public bool HasPipelines => _pipelines is not null;

    public IReadOnlyList<ProviderDescriptor> Providers => _providers;

    /// <summary>
    /// Fails when <c>ConfigureChatClient</c> / <c>ConfigureEmbeddingGenerator</c> named an instance that is not registered
    /// (a typo would otherwise leave the instance without its middleware, silently), or one without that kind of client.
    /// </summary>
    /// <exception cref="InvalidOperationException">A pipeline names an unknown instance.</exception>
    public void ThrowIfPipelineNamesUnknown()
    {
        if (HasPipelines)
        {
            ThrowIfPipelineInstancesUnknown();
        }
    }

    private void ThrowIfPipelineInstancesUnknown()
    {
        var failures = new List<string>();
        foreach (var name in ChatPipelines.Keys)
        {
            Check(name, "ConfigureChatClient", "chat client", p => p.CreateChatClient is not null, failures);
        }

        foreach (var name in EmbeddingPipelines.Keys)
        {
            Check(name, "ConfigureEmbeddingGenerator", "embedding client", p => p.CreateEmbeddingClient is not null, failures);
        }

        if (failures.Count > 0)
        {
            throw new InvalidOperationException(string.Join(" ", failures));
        }
    }

    private void Check(string name, string method, string kind, Func<ProviderDescriptor, bool> has, List<string> failures)
    {
        var provider = Find(name);
        if (provider is null)
        {
            failures.Add($"{method}(\"{name}\", ...) names no registered LLM provider instance (registered: {(_providers.Count == 0 ? "none" : string.Join(", ", _providers.Select(p => p.Name)))}); use one of those names, or register '{name}' (a section 'LlmProviders:{name}' or {ProviderCatalog.BuilderMethods}(\"{name}\", ...)).");
        }
        else if (!has(provider))
        {
            failures.Add($"{method}(\"{name}\", ...) names instance '{provider.Name}' ({provider.Vendor}), which has no {kind}; remove that pipeline.");
        }
    }

    /// <summary>Finds an instance by name (case-insensitive).</summary>
    /// <param name="name">The instance name.</param>
    /// <returns>The instance, or null.</returns>
    public ProviderDescriptor? Find(string name)
    {
        foreach (var provider in _providers)
        {
            if (string.Equals(provider.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return provider;
            }
        }

        return null;
    }

    /// <summary>Gets the position of a registered instance in the catalog.</summary>
    /// <param name="provider">The instance.</param>
    /// <returns>Its position (registration order).</returns>
    public int IndexOf(ProviderDescriptor provider)
    {
        for (int i = 0; i < _providers.Count; i++)
        {
            if (ReferenceEquals(_providers[i], provider))
            {
                return i;
            }
        }

        throw new InvalidOperationException($"LLM provider instance '{provider.Name}' is not registered in this catalog.");
    }

    /// <summary>Gets the first instance with a chat client (or, with <paramref name="chat"/> false, an embedding client).</summary>
    /// <param name="chat">Whether a chat client is wanted.</param>
    /// <returns>The instance, or null.</returns>
    public ProviderDescriptor? FirstWith(bool chat)
    {
        foreach (var provider in _providers)
        {
            if (chat ? provider.CreateChatClient is not null : provider.CreateEmbeddingClient is not null)
            {
                return provider;
            }
        }

        return null;
    }

    public void Add(ProviderDescriptor descriptor)
    {
        if (Find(descriptor.Name) is not null)
        {
            throw new InvalidOperationException($"An LLM provider instance named '{descriptor.Name}' is already registered; give each instance its own name.");
        }

        _providers.Add(descriptor);
    }

    private sealed class Pipelines
    {
        public Dictionary<string, List<Action<ChatClientBuilder>>> Chat { get; } = new(StringComparer.OrdinalIgnoreCase);

        public Dictionary<string, List<Action<EmbeddingGeneratorBuilder<string, Embedding<float>>>>> Embedding { get; } = new(StringComparer.OrdinalIgnoreCase);
    }
}

/// <summary>Runs <see cref="ProviderCatalogState.ThrowIfPipelineNamesUnknown"/> at host start (ValidateOnStart), not only at first use.</summary>
internal sealed class PipelineNamesCheck
{
}

/// <summary>Validates the pipeline instance names of the catalog.</summary>
/// <param name="state">The catalog.</param>
internal sealed class PipelineNamesValidator(ProviderCatalogState state) : Microsoft.Extensions.Options.IValidateOptions<PipelineNamesCheck>
{
    /// <inheritdoc />
    public Microsoft.Extensions.Options.ValidateOptionsResult Validate(string? name, PipelineNamesCheck options)
    {
        try
        {
            state.ThrowIfPipelineNamesUnknown();
            return Microsoft.Extensions.Options.ValidateOptionsResult.Success;
        }
        catch (InvalidOperationException ex)
        {
            return Microsoft.Extensions.Options.ValidateOptionsResult.Fail(ex.Message);
        }
    }
}
