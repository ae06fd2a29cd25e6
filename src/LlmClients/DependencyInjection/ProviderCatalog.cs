using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LlmClients.DependencyInjection;

/// <summary>
/// The vendors that configuration can name. Each vendor folder owns its registration method; this table is the
/// only place that lists them (removing a vendor folder means removing its line here).
/// </summary>
internal static class ProviderCatalog
{
    private static readonly Dictionary<string, Action<LlmProvidersBuilder, string, IConfigurationSection>> Vendors = new(StringComparer.OrdinalIgnoreCase)
    {
        ["OpenAI"] = static (builder, name, section) => OpenAI.OpenAIRegistration.Add(builder, name, section, null),
        ["DashScope"] = static (builder, name, section) => DashScope.DashScopeRegistration.Add(builder, name, section, null),
        ["Zhipu"] = static (builder, name, section) => Zhipu.ZhipuRegistration.Add(builder, name, section, null),
        ["Qianfan"] = static (builder, name, section) => Qianfan.QianfanRegistration.Add(builder, name, section, null),
    };

    public static IEnumerable<string> Names => Vendors.Keys;

    public static bool TryGet(string vendor, [NotNullWhen(true)] out Action<LlmProvidersBuilder, string, IConfigurationSection>? register)
        => Vendors.TryGetValue(vendor, out register);
}
