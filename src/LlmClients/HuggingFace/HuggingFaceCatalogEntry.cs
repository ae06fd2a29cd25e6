using LlmClients.HuggingFace;

namespace LlmClients.DependencyInjection;

/// <summary>Lists Hugging Face in the catalog, so configuration can name it as <c>Provider</c>.</summary>
internal static partial class ProviderCatalog
{
    private static readonly string HuggingFaceVendor = Add("HuggingFace", static (builder, name, section) => HuggingFaceRegistration.Add(builder, name, section, null));
}
