using LlmClients.Qianfan;

namespace LlmClients.DependencyInjection;

/// <summary>Lists Qianfan in the catalog, so configuration can name it as <c>Provider</c>.</summary>
internal static partial class ProviderCatalog
{
    private static readonly string QianfanVendor = Add("Qianfan", static (builder, name, section) => QianfanRegistration.Add(builder, name, section, null));
}
