using LlmClients.DashScope;

namespace LlmClients.DependencyInjection;

/// <summary>Lists DashScope in the catalog, so configuration can name it as <c>Provider</c>.</summary>
internal static partial class ProviderCatalog
{
    private static readonly string DashScopeVendor = Add("DashScope", static (builder, name, section) => DashScopeRegistration.Add(builder, name, section, null));
}
