using LlmClients.OpenAI;

namespace LlmClients.DependencyInjection;

/// <summary>Lists OpenAI in the catalog, so configuration can name it as <c>Provider</c>.</summary>
internal static partial class ProviderCatalog
{
    private static readonly string OpenAIVendor = Add("OpenAI", static (builder, name, section) => OpenAIRegistration.Add(builder, name, section, null));
}
