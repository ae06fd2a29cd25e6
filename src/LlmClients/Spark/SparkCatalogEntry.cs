using LlmClients.Spark;

namespace LlmClients.DependencyInjection;

/// <summary>Lists Spark in the catalog, so configuration can name it as <c>Provider</c>.</summary>
internal static partial class ProviderCatalog
{
    private static readonly string SparkVendor = Add("Spark", static (builder, name, section) => SparkRegistration.Add(builder, name, section, null));
}
