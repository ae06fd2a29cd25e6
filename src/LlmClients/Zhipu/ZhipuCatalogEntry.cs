using LlmClients.Zhipu;

namespace LlmClients.DependencyInjection;

/// <summary>Lists Zhipu in the catalog, so configuration can name it as <c>Provider</c>.</summary>
internal static partial class ProviderCatalog
{
    private static readonly string ZhipuVendor = Add("Zhipu", static (builder, name, section) => ZhipuRegistration.Add(builder, name, section, null));
}
