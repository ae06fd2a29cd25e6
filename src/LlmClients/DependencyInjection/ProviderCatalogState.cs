namespace LlmClients.DependencyInjection;

/// <summary>The instances registered so far; one per service collection.</summary>
internal sealed class ProviderCatalogState
{
    private readonly List<ProviderDescriptor> _providers = [];

    public string? DefaultName { get; set; }

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
